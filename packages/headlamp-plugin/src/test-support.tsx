/** Component tests only: what Headlamp puts around a plugin's components (theme, store, router). */

import { lightTheme } from '@kinvolk/headlamp-plugin/lib/components/App/defaultAppThemes';
import { createMuiTheme } from '@kinvolk/headlamp-plugin/lib/lib/themes';
import store from '@kinvolk/headlamp-plugin/lib/redux/stores/store';
import { ThemeProvider } from '@mui/material/styles';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { Provider } from 'react-redux';
import { MemoryRouter } from 'react-router-dom';

const theme = createMuiTheme(lightTheme);

// react-router 5's class types are written against another @types/react major.
const Router = MemoryRouter as unknown as (props: {
  initialEntries: string[];
  children: ReactNode;
}) => ReactElement;

export function renderInHeadlamp(node: ReactNode): RenderResult {
  return render(
    <Provider store={store}>
      <ThemeProvider theme={theme}>
        <Router initialEntries={['/c/test/strata/overview']}>{node}</Router>
      </ThemeProvider>
    </Provider>,
  );
}
