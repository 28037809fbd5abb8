"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeStaffRoleAction } from "@/lib/staff/actions/change-role";

export interface TeamMember {
  email: string;
  role: "admin" | "office";
  enrolled: boolean;
  bootstrapAdmin: boolean;
}

/** Équipe: members and their roles; an administrator changes another member's role. */
export function TeamTable({ members, admin, me }: { members: TeamMember[]; admin: boolean; me: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  return (
    <div>
      <p role="status" className={`min-h-6 text-sm ${message?.tone === "error" ? "text-red-800" : "text-green-800"}`}>
        {message?.text}
      </p>
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Membres de la console</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="p-2">Adresse</th>
            <th scope="col" className="p-2">Rôle</th>
            <th scope="col" className="p-2">Second facteur</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.email} className="border-b border-slate-200">
              <td className="p-2">{m.email}</td>
              <td className="p-2">
                {admin && m.email !== me && !m.bootstrapAdmin ? (
                  <>
                    <label htmlFor={`role-${m.email}`} className="sr-only">
                      Rôle de {m.email}
                    </label>
                    <select
                      id={`role-${m.email}`}
                      defaultValue={m.role}
                      disabled={pending}
                      className="rounded border border-slate-400 p-1"
                      onChange={(e) => {
                        const role = e.target.value;
                        start(async () => {
                          const r = await changeStaffRoleAction({ email: m.email, role });
                          setMessage(r.ok ? { tone: "ok", text: `Rôle de ${m.email} enregistré.` } : { tone: "error", text: r.error });
                          router.refresh();
                        });
                      }}
                    >
                      <option value="office">Bureau</option>
                      <option value="admin">Administrateur</option>
                    </select>
                  </>
                ) : (
                  <>{m.role === "admin" ? "Administrateur" : "Bureau"}{m.bootstrapAdmin ? " (configuration)" : ""}</>
                )}
              </td>
              <td className="p-2">{m.enrolled ? "activé" : "à activer"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
