import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../server/lab/types';
import { statusItems } from './status-items';

const c = (
  name: string,
  state: ComponentStatus['state'] = 'up',
  age: number | null = 0.5,
): ComponentStatus => ({
  name,
  state,
  detail: `${name} detail`,
  note: null,
  lastOkAgeSeconds: age,
});

const keys = (components: ComponentStatus[]) => statusItems(components).map((i) => `${i.key}:${i.state}`);

describe('statusItems', () => {
  it.each([
    {
      name: 'apps that are up share one chip, where the first of them was',
      components: [
        c('lab'),
        c('node app'),
        c('django-multiprocess app'),
        c('django-direct app'),
        c('bridge'),
      ],
      want: ['lab:up', 'apps:up', 'bridge:up'],
    },
    {
      name: 'an app that is not up keeps its own chip',
      components: [c('lab'), c('node app'), c('django-multiprocess app', 'down'), c('django-direct app')],
      want: ['lab:up', 'apps:up', 'django-multiprocess app:down'],
    },
    {
      name: 'one app up is shown as itself',
      components: [c('node app'), c('django-multiprocess app', 'starting')],
      want: ['node app:up', 'django-multiprocess app:starting'],
    },
    {
      name: 'components that are not apps are never grouped',
      components: [c('lab'), c('bridge'), c('prometheus', 'absent', null)],
      want: ['lab:up', 'bridge:up', 'prometheus:absent'],
    },
  ])('$name', ({ components, want }) => {
    expect(keys(components)).toEqual(want);
  });

  it('the shared chip counts its apps, lists them with their details, and is as old as the oldest', () => {
    const [item] = statusItems([c('node app', 'up', 0.2), c('django-statsd app', 'up', 1.4)]);
    expect(item).toMatchObject({
      label: '2 apps',
      detail: 'node app: node app detail; django-statsd app: django-statsd app detail',
      lastOkAgeSeconds: 1.4,
    });
  });

  it('keeps a note on its chip, and a shared chip names whose note it is', () => {
    const noted = { ...c('lab'), note: 'load 38 % behind' };
    const app = { ...c('django-direct app'), note: 'slow' };
    expect(statusItems([noted, c('node app'), app]).map((i) => i.note)).toEqual([
      'load 38 % behind',
      'django-direct app: slow',
    ]);
    expect(statusItems([c('node app'), c('django-multiprocess app')])[0]?.note).toBeNull();
  });
});
