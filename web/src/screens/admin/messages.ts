/**
 * Words of the screens page's device links (issue 16 item 6), zh-CN here (English: messages.en.ts). A device link
 * carries a screen's token: opened once on the TV's browser, it shows that screen's wall.
 */
export const screenLinksZh = {
  dlHeading: '设备链接',
  dlIntro: '在大屏电视的浏览器中打开设备链接（或扫描二维码），该设备即可显示本大屏。链接只显示一次；遗失或更换设备时吊销旧链接。',
  dlIssue: '生成设备链接',
  dlIssuing: '生成中…',
  dlOnceTitle: '大屏 {screen} 的设备链接',
  dlOnceNote: '此链接只显示这一次，请现在在电视上打开或扫码。关闭后无法再次查看，只能重新生成。',
  dlQrAlt: '设备链接二维码',
  dlCopy: '复制链接',
  dlDone: '已在设备上打开，关闭',
  dlNone: '本大屏还没有设备链接。',
  dlName: '名称',
  dlCreated: '生成时间',
  dlState: '状态',
  dlActive: '有效',
  dlRevokedAt: '已吊销（{at}）',
  dlRevoke: '吊销',
  dlRevokeConfirm: '吊销后使用该链接的设备将无法再显示大屏。确定吊销？',
  dlDeviceName: '大屏 {screen} 设备',
} as const;

