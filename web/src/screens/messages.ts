import type { SCREEN_PROBLEMS } from '@luoshi/shared';

/**
 * Words of the wall-screen admin page (issue 8). zh-CN here; English in messages.en.ts (loaded
 * only when chosen), which must carry every key (the type enforces it). `scP_<problem>`: what the shared screen check (and the
 * server's check against the plan) found, one sentence per problem code, filled with its
 * numbers ({view} counts playlist entries from 1; {what} is the view's 板块/部门/目标).
 */
export const screensZh = {
  scNav: '大屏',
  scHeading: '大屏配置',
  scNew: '新建大屏',
  scId: '编号',
  scTitle: '名称',
  scPlan: '计划',
  scRotation: '轮播间隔（秒）',
  scViews: '轮播内容',
  scAddView: '添加',
  scSave: '保存',
  scSaved: '已保存',
  scOpen: '打开大屏',
  scUp: '上移',
  scDown: '下移',
  scRemove: '删除',
  scSection: '板块',
  scTarget: '目标',
  scUnit: '部门',
  scDwell: '停留（秒）',
  scDwellHint: '留空则按轮播间隔',
  scSeconds: '{n} 秒',
  scP_not_object: '大屏配置的格式不正确',
  scP_view_kind: '轮播内容第 {view} 项：请选择显示内容',
  scP_view_param: '轮播内容第 {view} 项：请选择{what}',
  scP_view_dwell: '轮播内容第 {view} 项：停留时间须为 {min}–{max} 秒的整数（留空则按轮播间隔）',
  scP_view_field: '轮播内容第 {view} 项：含有不适用的设置（{field}）',
  scP_id: '编号须为 1–64 位字母、数字、“-”或“_”',
  scP_title: '请填写名称（最多 {max} 字）',
  scP_plan: '请选择计划',
  scP_rotation: '轮播间隔须为 {min}–{max} 秒的整数',
  scP_views_count: '轮播内容须有 1–{max} 项',
  scP_field: '含有不认识的设置（{field}）',
  scP_unknown_plan: '计划 {plan} 不存在',
  scP_unknown_section: '轮播内容第 {view} 项：该计划没有这个板块（{value}）',
  scP_unknown_unit: '轮播内容第 {view} 项：部门 {value} 在该计划中没有负责的目标',
  scP_unknown_target: '轮播内容第 {view} 项：该计划没有目标 {value}',
  scP_id_mismatch: '编号不一致：地址中是 {path}，提交的是 {body}（大屏编号创建后不能修改）',
} as const satisfies Record<`scP_${(typeof SCREEN_PROBLEMS)[number]}`, string> & Record<string, string>;
