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
];
