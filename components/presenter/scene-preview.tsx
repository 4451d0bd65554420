'use client';
/**
 * The next scene's page in preview mode: its title, claim and layout without live figures (it watches the
 * lab, never drives it), drawn at 1280×720 and scaled down to fit its box.
 */
import { useEffect, useRef, useState } from 'react';

const FRAME = { width: 1280, height: 720 } as const;

export function ScenePreview({ src, title }: { src: string; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.25);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setScale(entry.contentRect.width / FRAME.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={box} className="scene-preview" data-testid="scene-preview">
      <iframe
        src={src}
        title={title}
        tabIndex={-1}
        width={FRAME.width}
        height={FRAME.height}
        style={{ transform: `scale(${scale})` }}
      />
    </div>
  );
}
