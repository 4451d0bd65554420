/** The dashboard's stream worker: the page receives its two panels, shaped, not the lab's whole snapshot. */
import { dashboardView } from './dashboard-view';
import { serveLabView } from './lab-view-worker';

serveLabView(dashboardView);
