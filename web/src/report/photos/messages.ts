import { PHOTO_ERROR_CODES } from '@luoshi/shared';

/**
 * Words of photo evidence (issue 18.7), zh-CN first. Every refusal code of the photo routes
 * (shared PHOTO_ERROR_CODES) has a sentence (`phR_<code>`), checked by the type below.
 */
export const photoZh = {
  phAdd: '拍照/添加照片',
  phHint: '最多 {max} 张；自动压缩到 1 MB 以内，并去除拍摄位置等信息',
  phPreparing: '正在处理照片…',
  phRemove: '移除照片 {n}',
  phPreviewAlt: '待上传的照片 {n}',
  phThumbAlt: '现场照片 {n}',
  phOpen: '查看照片 {n}（原图）',
  phCount: '照片 {n} 张',
  phWaiting: '照片待上传 {n} 张',
  phUploaded: '照片已上传 {n} 张',
  phRefusedOne: '照片 {n} 未被接受：{why}',
  phDropped: '上报未被接受，照片未上传',
  phNotImage: '“{name}”不是可识别的图片，请选择手机拍摄的照片（JPG、PNG、WebP）',
  phTooLargeFile: '“{name}”压缩后仍超过 1 MB，请换一张或裁剪后再试',
  phTooMany: '每条上报最多附 {max} 张照片，多出的 {n} 张未添加',
  phStoreFailed: '照片无法保存在本机（存储空间可能已满），请减少照片后重试',
  phR_photo_type_unsupported: '格式不受支持（只接受 JPG、PNG、WebP 图片）',
  phR_photo_too_large: '文件超过 1 MB 或尺寸过大',
  phR_too_many_photos: '每条上报最多 4 张照片',
  phR_photo_slot_taken: '该位置已有另一张照片',
  phR_event_mismatch: '这条上报属于其他指标，照片未附上',
  phR_thumb_too_large: '缩略图过大',
  phR_event_rejected: '这条上报未被接受，不能附照片',
  phR_not_found: '照片已不存在（可能已被删除）',
  phDelete: '删除照片 {n}',
  phDeleteConfirm: '确定删除照片 {n}？删除后无法恢复，删除操作会被记录。',
  phDeleteFailed: '照片 {n} 未删除：{why}',
  phR_forbidden: '无权为该指标附加照片',
  phDeleteForbidden: '只能删除自己上传的照片',
  phR_photo_missing: '本机已找不到这张照片（浏览器数据可能被清除）',
  phR_other: '服务器未接受这张照片',
} as const satisfies Record<`phR_${(typeof PHOTO_ERROR_CODES)[number]}`, string> & Record<string, string>;


const KNOWN = new Set<string>([...PHOTO_ERROR_CODES, 'forbidden', 'photo_missing', 'not_found']);

/** The key of a photo refusal's words. */
export const photoRefusalKey = (code: string | undefined): `phR_${string}` & keyof typeof photoZh =>
  (code && KNOWN.has(code) ? `phR_${code}` : 'phR_other') as `phR_${string}` & keyof typeof photoZh;
