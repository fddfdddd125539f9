import { useCallback } from "react";
import { withAccessToken } from "./shared/api/read-token.ts";
import { SessionProvider } from "./shared/api/session-provider.tsx";
import { I18nProvider } from "./shared/i18n/i18n-provider.tsx";
import { RouterProvider } from "./shared/router/router-provider.tsx";
import { matchRoute } from "./shared/router/routes.ts";
import { useRouter } from "./shared/router/use-router.ts";
import { WallBoard } from "./features/board/wall-board.tsx";
import { HomePage, NotFoundPage } from "./features/home/home-page.tsx";
import { RunBoard } from "./features/run-board/run-board.tsx";
import { LoginPage } from "./features/tester/login-page.tsx";
import { RunPage } from "./features/tester/run-page.tsx";
import { RunsPage } from "./features/tester/runs-page.tsx";

/** Each page owns its one stream; changing page closes the old stream and opens the new one. */
const Pages = () => {
  const { location } = useRouter();
  const route = matchRoute(location.pathname);
  switch (route.page) {
    case "home":
      return <HomePage />;
    case "board":
      return <WallBoard key={location.search} />;
    case "run-board":
      return <RunBoard key={route.runId} runId={route.runId} />;
    case "runs":
      return <RunsPage />;
    case "run":
      return <RunPage key={route.runId} runId={route.runId} />;
    case "login":
      return <LoginPage />;
    case "not-found":
      return <NotFoundPage />;
  }
};

/** `readToken`: the `?access_token=` this tab was opened with (or kept from it), carried by every request, stream and link. */
export const App = ({ readToken }: { readonly readToken: string | null }) => {
  const href = useCallback((to: string) => withAccessToken(to, readToken), [readToken]);
  return (
    <I18nProvider>
      <SessionProvider readToken={readToken}>
        <RouterProvider href={href}>
          <Pages />
        </RouterProvider>
      </SessionProvider>
    </I18nProvider>
  );
};
