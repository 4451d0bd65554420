/** Which frame a diagram is drawn in, from its own rendered width and the smallest type its page allows. */
import { useCallback, useState, type RefCallback } from 'react';
import { frameFor, type FrameName } from './layout';

/**
 * A ref for the diagram's <svg> and the frame it gets. The floor is the svg's CSS font size (the module
 * sets it to the page's smallest type); its width does not depend on the frame, so the choice is stable.
 */
export function useDiagramFrame(): [RefCallback<SVGSVGElement>, FrameName] {
  const [frame, setFrame] = useState<FrameName>('wide');
  const ref = useCallback((svg: SVGSVGElement | null) => {
    if (svg === null) return;
    const observer = new ResizeObserver(() => {
      const floorPx = parseFloat(getComputedStyle(svg).fontSize);
      setFrame(frameFor(svg.getBoundingClientRect().width, floorPx));
    });
    observer.observe(svg);
    return () => observer.disconnect();
  }, []);
  return [ref, frame];
}
