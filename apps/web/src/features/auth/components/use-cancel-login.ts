import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { logOut } from "../../../lib/auth-api.ts";

/** Leaves a half-open session (second factor, renewal) and goes back to the login form. */
export function useCancelLogin() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return async () => {
    await logOut().catch(() => undefined);
    queryClient.clear();
    await navigate({ to: "/connexion", search: {}, replace: true });
  };
}
