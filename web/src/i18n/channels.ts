import { i18n } from './index.ts';

/** A channel's name in the interface's language; a channel the catalogue does not know keeps its own name. */
export const channelName = (channel: string): string =>
  i18n.exists(`channelNames.${channel}`) ? i18n.t(`channelNames.${channel}` as never) : channel;
