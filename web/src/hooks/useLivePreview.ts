import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import type { Definition } from '../definition/types';
import { LivePreview, type PreviewFetcher, type PreviewState } from '../preview/livePreview';

const defaultFetcher: PreviewFetcher = (definition, signal) => api.preview(definition, signal);

/** The live count of `definition`: asked at once on mount, then 350 ms after each edit. */
export function useLivePreview(definition: Definition | null, fetcher: PreviewFetcher = defaultFetcher) {
  const [preview] = useState(() => new LivePreview(fetcher));
  const state: PreviewState = useSyncExternalStore(preview.subscribe, preview.getState, preview.getState);
  const asked = useRef(false);
  useEffect(() => {
    if (!definition) return;
    preview.update(definition, { immediate: !asked.current });
    asked.current = true;
  }, [definition, preview]);
  useEffect(() => () => preview.cancel(), [preview]);
  return { state, refresh: () => definition && preview.refresh(definition) };
}
