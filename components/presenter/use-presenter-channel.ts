'use client';
/** One BroadcastChannel between the audience window and the speaker view; unknown messages are ignored. */
import { useCallback, useEffect, useRef } from 'react';
import { parsePresenterMessage, PRESENTER_CHANNEL, type PresenterMessage } from './presenter-messages';

export type PostMessage = (message: PresenterMessage) => void;

/** `onMessage` gets the message and the function to answer on the same channel. */
export function usePresenterChannel(
  onMessage: (message: PresenterMessage, post: PostMessage) => void,
  enabled: boolean,
): PostMessage {
  const channel = useRef<BroadcastChannel | null>(null);
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);

  useEffect(() => {
    if (!enabled || typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(PRESENTER_CHANNEL);
    channel.current = ch;
    ch.onmessage = (event: MessageEvent) => {
      const message = parsePresenterMessage(event.data);
      if (message !== null) handler.current(message, (reply) => ch.postMessage(reply));
    };
    return () => {
      channel.current = null;
      ch.close();
    };
  }, [enabled]);

  return useCallback((message: PresenterMessage) => channel.current?.postMessage(message), []);
}
