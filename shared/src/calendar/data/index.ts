import { CN_2023 } from './cn-2023';
import { CN_2024 } from './cn-2024';
import { CN_2025 } from './cn-2025';
import { CN_2026 } from './cn-2026';
import { CN_2027 } from './cn-2027';
import type { HolidayYear } from '../types';

export { CN_2023, CN_2024, CN_2025, CN_2026, CN_2027 };

/** Holiday data of mainland China, one entry per year. Add a year here when its notice appears. */
export const CHINA_HOLIDAY_YEARS: readonly HolidayYear[] = [CN_2023, CN_2024, CN_2025, CN_2026, CN_2027];
