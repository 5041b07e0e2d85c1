/** The wall's language from `?lang=`: en or zh-CN (zh, cn accepted), else null (keep what the device has). */
export function wallLang(v: string | null): 'en' | 'zh-CN' | null {
  if (!v) return null;
  const l = v.toLowerCase();
  return l === 'en' ? 'en' : l === 'zh' || l === 'zh-cn' || l === 'cn' ? 'zh-CN' : null;
}
