import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SceneView } from '../../../components/presenter/scene-view';
import { SCENES, sceneAside, type SceneView as SceneViewData } from '../../../components/presenter/scenes';
import { ThemedSource } from '../../../components/presenter/themed-source';

type Props = { params: Promise<{ scene: string }> };

// Every scene is known at build time; any other id is a 404, not a blank scene.
export const dynamicParams = false;

export function generateStaticParams(): { scene: string }[] {
  return SCENES.map((s) => ({ scene: s.id }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { scene: id } = await params;
  const index = SCENES.findIndex((s) => s.id === id);
  const scene = SCENES[index];
  return { title: scene ? `${index + 1}. ${scene.title} · Scrape Lab` : 'Scrape Lab' };
}

export default async function ScenePage({ params }: Props) {
  const { scene: id } = await params;
  const scene = SCENES.find((s) => s.id === id);
  if (scene === undefined) notFound();
  const source = (view: SceneViewData) => {
    if (view.kind === 'deployment') {
      return view.manifests.map((walkthrough) => (
        <ThemedSource key={walkthrough} aside={{ kind: 'source', walkthrough }} />
      ));
    }
    const aside = sceneAside(view);
    return aside.kind === 'source' ? <ThemedSource aside={aside} /> : null;
  };
  return (
    <SceneView
      sceneId={scene.id}
      sources={{ node: source(scene.view), django: scene.django ? source(scene.django.view) : null }}
      apiBase="/api/lab"
    />
  );
}
