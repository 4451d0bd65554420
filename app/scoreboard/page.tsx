import type { Metadata } from 'next';
import { ScoreboardLive } from '../../components/scoreboard/scoreboard-live';

export const metadata: Metadata = { title: 'Scoreboard · Scrape Lab' };

/** A static shell; the rows arrive over the lab's stream once the page loads. */
export default function ScoreboardPage() {
  return <ScoreboardLive apiBase="/api/lab" />;
}
