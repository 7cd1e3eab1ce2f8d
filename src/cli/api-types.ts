import { readFileSync, writeFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypes } from '../api/api-types.js';
import { command } from './lib/main.js';

const values = command(
  'npm run api-types --',
  "writes src/api/openapi-types.ts, the API's paths as TypeScript types (openapi-typescript) for clients such as openapi-fetch",
)
  .option('--check', 'exit 1 when the file differs from GET /openapi.json, instead of writing it')
  .parse()
  .opts<{ check?: boolean }>();
const text = await apiTypes();
if (values.check) {
  if (readFileSync(API_TYPES_FILE, 'utf8') !== text) {
    console.error('✗ src/api/openapi-types.ts differs from the OpenAPI document: run npm run api-types');
    process.exit(1);
  }
  console.log('✓ src/api/openapi-types.ts matches the OpenAPI document');
} else {
  writeFileSync(API_TYPES_FILE, text);
  console.log(`wrote ${API_TYPES_FILE}`);
}
