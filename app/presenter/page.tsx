import type { Metadata } from 'next';
import { SpeakerView } from '../../components/presenter/speaker-view';

export const metadata: Metadata = { title: 'Speaker view · Scrape Lab' };

export default function SpeakerPage() {
  return <SpeakerView apiBase="/api/lab" />;
}
