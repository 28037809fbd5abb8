/**
 * Shapes of the sandbox's state. The seed (sandbox/seed/) produces a `SandboxState`;
 * the server (sandbox/server.ts) loads, serves, mutates and persists it.
 * Everything is in HubSpot's wire vocabulary: string ids, ISO timestamps, string property values.
 */
import type { CrmObjectType, PropertySpec } from "@/lib/hubspot/spec";

export interface SandboxOwner {
  id: string; // owner id, numeric string
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  /** Not HubSpot: the seed's technician profile, read by portal configuration in later issues. */
  teams?: { id: string; name: string; primary: boolean }[];
}

export interface SandboxObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/** One directed association; the store keeps the reverse direction itself. */
export interface SandboxAssociation {
  fromType: CrmObjectType;
  fromId: string;
  toType: CrmObjectType;
  toId: string;
  typeId: number;
}

export interface SandboxProperty extends PropertySpec {
  groupName: string;
  /** HubSpot-defined property (hubspotDefined: true on the wire) */
  hubspotDefined: boolean;
  createdAt: string;
}

export interface SandboxPipeline {
  id: string;
  objectType: "tickets" | "deals";
  label: string;
  displayOrder: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  stages: {
    id: string;
    label: string;
    displayOrder: number;
    metadata: Record<string, string>;
    createdAt: string;
    updatedAt: string;
    archived: boolean;
  }[];
}

export interface SandboxFileMeta {
  id: string;
  name: string; // without extension, as HubSpot returns it
  extension: string;
  type: "IMG" | "DOCUMENT" | "OTHER";
  mimeType: string; // not on HubSpot's wire; used to serve downloads
  size: number;
  access: "PRIVATE" | "PUBLIC_NOT_INDEXABLE" | "PUBLIC_INDEXABLE";
  path: string; // folder path + name, e.g. /interventions/1234/avant-1.jpg
  parentFolderId?: string;
  width?: number;
  height?: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface SandboxState {
  /** Monotonic id counter shared by all object types (HubSpot ids are numeric strings). */
  nextId: number;
  owners: SandboxOwner[];
  properties: Record<CrmObjectType, SandboxProperty[]>;
  pipelines: SandboxPipeline[];
  objects: Record<CrmObjectType, SandboxObject[]>;
  associations: SandboxAssociation[];
  files: SandboxFileMeta[];
}

/** What the seed returns: the state plus the bytes of its files, keyed by file id. */
export interface SeedResult {
  state: SandboxState;
  fileBytes: Map<string, Uint8Array>;
  /** Demo identities named in the README (email, phone, contact id, what is interesting about them). */
  demoCustomers: { contactId: string; email: string; phone: string; name: string; description: string }[];
}
