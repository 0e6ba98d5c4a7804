export { rankPlaced, restingReason, utcDay, type PlacedItem } from './decide.ts';
