/** The scoreboard page's stream worker: the page receives its table, not the lab's whole snapshot. */
import { serveLabView } from '../lab/lab-view-worker';
import { scoreboardPageView } from './scoreboard-page-view';

serveLabView(scoreboardPageView);
