import { lazy, Suspense, useEffect } from 'react';
import { useShortcuts } from './actions/useShortcuts';
import { ChainsScreen } from './chains/ChainsScreen';
import { ErrorBoundary } from './components/ErrorBoundary';
import { DatasetsScreen } from './datasets/DatasetsScreen';
import { HelpOverlay } from './components/HelpOverlay';
import { Toasts } from './components/Toasts';
import { TopBar } from './components/TopBar';
import { HomeScreen } from './home/HomeScreen';
import { ImageView } from './image-view/ImageView';
import { JobsScreen } from './jobs/JobsScreen';
import { ReviewScreen } from './review/ReviewScreen';
import { ProjectScreen } from './project/ProjectScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { applyTheme } from './styles/theme';
import { useApp } from './state/app';
import { boot, ensureProject } from './state/commands';
import { routeProject } from './routing/routes';

// The evaluation screen brings Apache ECharts: loaded when it is first opened, not with every start.
const EvalScreen = lazy(() => import('./eval/EvalScreen').then((m) => ({ default: m.EvalScreen })));

export function App() {
  const route = useApp((s) => s.route);
  const theme = useApp((s) => s.settings?.theme);
  const thumbnailSize = useApp((s) => s.settings?.thumbnailSize);
  const helpOpen = useApp((s) => s.helpOpen);
  const projectPath = routeProject(route);

  useEffect(() => {
    boot();
  }, []);
  useShortcuts();

  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    if (thumbnailSize) document.documentElement.style.setProperty('--thumb-size', `${thumbnailSize}px`);
  }, [thumbnailSize]);

  useEffect(() => {
    if (projectPath) void ensureProject(projectPath);
  }, [projectPath]);

  let screen;
  switch (route.name) {
    case 'home':
      screen = <HomeScreen />;
      break;
    case 'project':
      screen = <ProjectScreen path={route.path} />;
      break;
    case 'image':
      screen = <ImageView key={route.path} path={route.path} imageId={route.imageId} />;
      break;
    case 'settings':
      screen = <SettingsScreen />;
      break;
    case 'datasets':
      screen = <DatasetsScreen path={route.path} />;
      break;
    case 'chains':
      screen = <ChainsScreen path={route.path} />;
      break;
    case 'jobs':
      screen = <JobsScreen path={route.path} />;
      break;
    case 'review':
      screen = <ReviewScreen path={route.path} />;
      break;
    case 'eval':
      screen = (
        <Suspense fallback={null}>
          <EvalScreen path={route.path} />
        </Suspense>
      );
      break;
  }

  return (
    <div className="app">
      <TopBar />
      <main className="screen">
        <ErrorBoundary key={route.name}>{screen}</ErrorBoundary>
      </main>
      <Toasts />
      {helpOpen && <HelpOverlay />}
    </div>
  );
}
