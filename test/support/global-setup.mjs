// Jest loads global setup outside its module system: tsx loads our TypeScript (with its .js imports).
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { default: startServices } = await tsImport('./start-services.ts', import.meta.url);
  await startServices();
}
