import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import type { Definition } from '../definition/types';
import { LivePreview, type PreviewFetcher, type PreviewState } from '../preview/livePreview';

function newBuilderId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `builder-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The live count of `definition`: asked at once on mount, then 350 ms after each edit. Each
 * builder has an id so the service cancels its superseded previews; unmounting cancels the last.
 */
export function useLivePreview(definition: Definition | null, fetcher?: PreviewFetcher) {
  const [builder] = useState(newBuilderId);
  const [preview] = useState(
    () => new LivePreview(fetcher ?? ((value, signal) => api.preview(value, signal, undefined, builder))),
  );
  const state: PreviewState = useSyncExternalStore(preview.subscribe, preview.getState, preview.getState);
  const asked = useRef(false);
  useEffect(() => {
    if (!definition) return;
    preview.update(definition, { immediate: !asked.current });
    asked.current = true;
  }, [definition, preview]);
  useEffect(
    () => () => {
      preview.cancel();
      if (!fetcher) void api.cancelPreview(builder);
    },
    [preview, builder, fetcher],
  );
  return { state, refresh: () => definition && preview.refresh(definition) };
}
