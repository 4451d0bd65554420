import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Playwright and the supervisor reach the dev server as 127.0.0.1, not localhost.
  allowedDevOrigins: ['127.0.0.1'],
  // The dev badge would sit on top of a chart during a projected demo.
  devIndicators: false,
};

export default nextConfig;
