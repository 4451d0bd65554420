import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
// Bundled with the app, so a room without network gets the same type as the rehearsal.
import '@fontsource/atkinson-hyperlegible/latin-400.css';
import '@fontsource/atkinson-hyperlegible/latin-700.css';
import '@fontsource/jetbrains-mono/latin-400.css';
import '@fontsource/jetbrains-mono/latin-700.css';
import { THEME_BOOT_SCRIPT } from '../components/presenter/theme';
import './globals.css';
import './presenter.css';

export const metadata: Metadata = {
  title: 'Scrape Lab',
  description: 'Why scraping a multi-worker app’s /metrics directly gives wrong numbers, measured live.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets the presenter theme on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
