import { z } from 'zod';
import { flagSetting } from '../model/config-values.js';

/**
 * The sections of config.yaml that name a file of storages of any driver rather than one driver's
 * list: `shares:` (shares.yaml, every share link, the driver by its host) and `storages:`
 * (storages.yaml, any driver by name). Each has only `enable`.
 */
export const FILE_SECTIONS = { shares: 'shares.yaml', storages: 'storages.yaml' } as const;
export type FileSectionKey = keyof typeof FILE_SECTIONS;

const fileSection = z.strictObject({ enable: flagSetting.optional() }).optional();

export const fileSectionsShape = { shares: fileSection, storages: fileSection };
