import type { ModelRoute } from './route.js';

import { MODEL_NAME as MODEL } from './script.js';

/** The model lists agents ask for at start-up: Anthropic's shape when the request carries `anthropic-version`, OpenAI's otherwise. */
export const modelLists: ModelRoute[] = [
  {
    format: 'model-list',
    method: 'GET',
    path: '/v1/models',
    handle(_body, req, res) {
      if (req.headers['anthropic-version']) {
        const model = { type: 'model', id: MODEL, display_name: 'Conformance model', created_at: '2026-01-01T00:00:00Z' };
        res.json({ data: [model], has_more: false, first_id: MODEL, last_id: MODEL });
      } else {
        res.json({ object: 'list', data: [{ id: MODEL, object: 'model', created: 1767225600, owned_by: 'mcp-oauth-conformance' }] });
      }
      return undefined;
    },
  },
  {
    // The models.dev catalogue (`<origin>/api.json`) agents built on it load before a turn when their cache holds
    // none. Empty: an agent configured for this server needs no catalogue entry, and an empty one is what such agents
    // fall back to offline.
    format: 'model-catalogue',
    method: 'GET',
    path: '/api.json',
    handle(_body, _req, res) {
      res.json({});
      return undefined;
    },
  },
];
