/**
 * How every browser run here launches Chromium: Debian's own build (never a downloaded one), headless, with
 * nothing that reaches past the machine. The browser test and the frame-cost bench both read it.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
