import { createContext, useContext } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';

/**
 * Level of detail: below this zoom the canvas draws each node as a coloured block and each edge as a bare line.
 * At 0.5 a node's title (14 px) shows at 7 px and its summary (12 px) at 6 px, about the smallest text one can still
 * read; further out the text is a grey smear that costs as much to lay out and paint as when it was readable.
 */
export const LOD_ZOOM = 0.5;

/**
 * Above this many nodes the canvas draws only what is in view (at full detail), and the minimap starts hidden: it
 * draws every node again, re-renders on every move of a drag and is laid out and painted anew on every move of a pan.
 */
export const LARGE_JOURNEY = 150;

const zoomedOut = (s: ReactFlowState) => s.transform[2] < LOD_ZOOM;

/** Whether the canvas is zoomed out past LOD_ZOOM; re-renders its caller only when the threshold is crossed. */
export const useZoomedOut = () => useStore(zoomedOut);

/** The compact form, provided once by the canvas so that nodes and edges do not each subscribe to the zoom. */
export const Compact = createContext(false);
export const useCompact = () => useContext(Compact);
