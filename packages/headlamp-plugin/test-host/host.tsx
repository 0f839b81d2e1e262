/**
 * A minimal stand-in for Headlamp's app shell, built from the SDK's `lib` (Headlamp's own
 * frontend, compiled): the same store, theme, sidebar, route switcher (default routes plus the
 * plugins'), snackbars and API layer. It loads the plugin's built `main.js` the way Headlamp does (a script
 * that finds `window.pluginLib`). Used by the browser test, since CI cannot build Headlamp.
 * The page expects its server to answer `/clusters/<name>/…` like headlamp-server does.
 */
import '@kinvolk/headlamp-plugin/lib/plugin/index.js';
import { darkTheme, lightTheme } from '@kinvolk/headlamp-plugin/lib/components/App/defaultAppThemes';
import RouteSwitcher from '@kinvolk/headlamp-plugin/lib/components/App/RouteSwitcher';
import { ActivitiesRenderer } from '@kinvolk/headlamp-plugin/lib/components/activity/Activity';
import Sidebar from '@kinvolk/headlamp-plugin/lib/components/Sidebar/Sidebar';
import { queryClient } from '@kinvolk/headlamp-plugin/lib/lib/queryClient';
import { createMuiTheme } from '@kinvolk/headlamp-plugin/lib/lib/themes';
import { setConfig } from '@kinvolk/headlamp-plugin/lib/redux/configSlice';
import store from '@kinvolk/headlamp-plugin/lib/redux/stores/store';
import { Box, CssBaseline } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClientProvider } from '@tanstack/react-query';
import { SnackbarProvider } from 'notistack';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { BrowserRouter } from 'react-router-dom';

declare global {
  interface Window {
    strataHost?: { ready: boolean; error?: string };
  }
}

async function main() {
  window.strataHost = { ready: false };
  const clusters = (await (await fetch('/config')).json()) as {
    clusters: { name: string; server: string }[];
  };
  store.dispatch(
    setConfig({
      clusters: Object.fromEntries(
        clusters.clusters.map((c) => [
          c.name,
          { name: c.name, server: c.server, meta_data: { source: 'kubeconfig' } },
        ]),
      ),
    } as never),
  );
  const plugins = (await (await fetch('/plugins')).json()) as { path: string }[];
  for (const plugin of plugins) {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = `/${plugin.path}/main.js`;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${plugin.path}`));
      document.head.appendChild(script);
    });
  }
  // `?theme=dark` shows the page in Headlamp's dark theme.
  const dark = new URLSearchParams(window.location.search).get('theme') === 'dark';
  const theme = createMuiTheme(dark ? darkTheme : lightTheme);
  createRoot(document.getElementById('root')!).render(
    <Provider store={store}>
      <QueryClientProvider client={queryClient}>
        <ThemeProvider theme={theme}>
          <CssBaseline />
          {/* Headlamp's app shell shows notifications with notistack, as here. */}
          <SnackbarProvider anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
            <BrowserRouter>
              <Box sx={{ display: 'flex', minHeight: '100%' }}>
                <Sidebar />
                <Box component="main" sx={{ flexGrow: 1, p: 2, overflow: 'auto' }}>
                  <RouteSwitcher requiresToken={() => false} />
                </Box>
                {/* Panels opened beside a page (the resource map's node details), as in Headlamp's layout. */}
                <ActivitiesRenderer />
              </Box>
            </BrowserRouter>
          </SnackbarProvider>
        </ThemeProvider>
      </QueryClientProvider>
    </Provider>,
  );
  window.strataHost.ready = true;
}

main().catch((error: unknown) => {
  window.strataHost = { ready: false, error: String(error) };
  document.body.textContent = `host failed: ${String(error)}`;
});
