import "@mantine/core/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/notifications/styles.css";
import "./styles.css";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createPortal } from "react-dom";
import { createRoot } from "react-dom/client";
import { ApiError, onApiError } from "./lib/api-client.ts";
import { I18nProvider } from "./lib/i18n/i18n.tsx";
import { type SessionStage, STAGE_PATHS } from "./lib/session.ts";
import { buildRouter } from "./router.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A refusal or a missing resource will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
const router = buildRouter(queryClient);

const PUBLIC_PATHS = ["/connexion", "/mot-de-passe-oublie", "/reinitialiser-mot-de-passe"];

// A session that ends (expiry, logout elsewhere) or owes a login step sends the person to
// the right page from wherever they are, keeping where they were for afterwards.
onApiError((error) => {
  const path = router.state.location.pathname;
  if (PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return;
  if (error.status === 401 && error.code === "auth.required") {
    queryClient.removeQueries({ queryKey: ["me"] });
    void router.navigate({ to: "/connexion", search: { redirect: router.state.location.href } });
  } else if (error.code === "auth.stage_required" && typeof error.problem.stage === "string" && error.problem.stage in STAGE_PATHS) {
    queryClient.removeQueries({ queryKey: ["me"] });
    void router.navigate({ to: STAGE_PATHS[error.problem.stage as SessionStage] });
  }
});

function App() {
  return (
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
        <I18nProvider>
          <QueryClientProvider client={queryClient}>
            {/* Notifications live in a polite live region outside #root, which modals make inert. */}
            {createPortal(
              <div aria-live="polite" aria-relevant="additions text">
                <Notifications position="bottom-right" withinPortal={false} zIndex={1000} />
              </div>,
              document.getElementById("announcements") as HTMLElement,
            )}
            <RouterProvider router={router} />
          </QueryClientProvider>
        </I18nProvider>
      </MantineProvider>
    </StrictMode>
  );
}

createRoot(document.getElementById("root") as HTMLElement).render(<App />);
