// The caseload's server-sent events, read with fetch so the token travels in the Authorization
// header (EventSource cannot send one, and a token in a URL ends up in logs). Reconnects by itself
// after a restart or a network loss, like EventSource; "ready" after each connection makes the page
// re-read whatever it missed.
"use strict";

import { token } from "./api.js";

export function follow(path, onEvent, onState) {
  const stop = new AbortController();
  (async () => {
    let wait = 500;
    while (!stop.signal.aborted) {
      try {
        const response = await fetch(path, { headers: { "Authorization": `Bearer ${token()}`, "Accept": "text/event-stream" }, signal: stop.signal });
        if (response.status === 401 || response.status === 403 || response.status === 404) { onState("refused"); return; }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        wait = 500;
        await read(response.body, (type) => { if (type === "ready") onState("live"); if (type !== "ping") onEvent(type); });
      } catch (e) {
        if (stop.signal.aborted) return;
      }
      onState("reconnecting");
      await new Promise(resolve => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 5000);
    }
  })();
  return () => stop.abort();
}

// The text/event-stream format: events separated by a blank line, "event:" names the type.
async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = block.split("\n").find(line => line.startsWith("event:"))?.slice(6).trim() || "message";
      onEvent(type);
    }
  }
}
