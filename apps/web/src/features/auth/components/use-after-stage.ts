import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type SessionStage, STAGE_PATHS } from "../../../lib/session.ts";

/** Goes to the next login step, or into the app once the session is open. */
export function useAfterStage(redirect: string | undefined) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return async (stage: SessionStage) => {
    queryClient.removeQueries({ queryKey: ["me"] });
    if (stage === "active") await navigate({ href: redirect ?? "/", replace: true });
    else await navigate({ to: STAGE_PATHS[stage], search: redirect ? { redirect } : {}, replace: true });
  };
}
