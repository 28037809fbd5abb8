import { NotFoundBody } from "@/components/shell/not-found-body";

/**
 * notFound() in a page of the customer space (a foreign or unknown id, an unknown address under the
 * portal): the panel inside the shell the portal layout already rendered. Without this file the
 * root not-found would be used, and Next renders a boundary's not-found element into every
 * response: the whole shell (session check, customer name) a second time on every page view.
 */
export default function PortalNotFound() {
  return <NotFoundBody />;
}
