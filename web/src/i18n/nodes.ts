import type { NodeType } from '@parcours/shared';
import { i18n } from './index.ts';

/** A node type's name and description in the interface's language (shared/ holds the English ones for the JSON Schema). */
export const nodeTitle = (type: NodeType): string => i18n.t(`nodeTypes.${type}.title`);
export const nodeDescription = (type: NodeType): string => i18n.t(`nodeTypes.${type}.description`);

/** A node as lists name it: its label, else its type's name (shared's nodeName, in the interface's language). */
export const nodeName = (node: { type: string; label?: string }): string => node.label?.trim() || (i18n.exists(`nodeTypes.${node.type}.title`) ? nodeTitle(node.type as NodeType) : node.type);
