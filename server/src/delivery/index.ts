export { createDeliver } from './deliver.ts';
