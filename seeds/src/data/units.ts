import type { Unit } from '@luoshi/shared';

/**
 * The organisation tree 区 → 街道 → 科室 / 居民区 / 网格.
 *
 * Codes are ASCII (they become NATS subject tokens `progress.<unit>.<target>`):
 *   YP                     杨浦区
 *   YP-<街道>              WJC 五角场, XJWC 新江湾城, WL 万里
 *   YP-<街道>-<科室>       DZB 党政办公室, DJB 社区党建办公室, GLB 社区管理办公室,
 *                          FWB 社区服务办公室, PAB 社区平安办公室, ZZB 社区自治办公室,
 *                          YSB 营商办（经济发展办公室）, CYZX 城市运行管理中心,
 *                          SLZX 社区事务受理服务中心, ZFD 综合行政执法队, DQZX 社区党群服务中心
 *   YP-<街道>-<居民区>     pinyin initials of the 居民区 named in the documents
 *   YP-<街道>-WGnn         网格 (综合网格), numbered
 *
 * Every parent appears before its children, so the list can be inserted in order.
 *
 * Note: the 万里 document (seed-docs/003) is from 普陀区 (来源:上海普陀, 真如副中心, 上海西站);
 * the product brief places 万里 under 杨浦 as `YP-WL`, and the seed follows the brief.
 */
export const units: Unit[] = [
  { code: 'YP', name: '杨浦区', kind: 'district', parentCode: null },

  // ── 五角场街道 ────────────────────────────────────────────────────────────
  { code: 'YP-WJC', name: '五角场街道', kind: 'subdistrict', parentCode: 'YP' },
  { code: 'YP-WJC-DZB', name: '党政办公室', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-DJB', name: '社区党建办公室', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-GLB', name: '社区管理办公室', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-FWB', name: '社区服务办公室', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-PAB', name: '社区平安办公室', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-ZZB', name: '社区自治办公室', kind: 'department', parentCode: 'YP-WJC' },
  // 001: "启动街道经济发展服务中心实体化运作"
  { code: 'YP-WJC-YSB', name: '经济发展办公室（营商办）', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-CYZX', name: '城市运行管理中心', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-SLZX', name: '社区事务受理服务中心', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-ZFD', name: '综合行政执法队', kind: 'department', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-DQZX', name: '社区党群服务中心', kind: 'department', parentCode: 'YP-WJC' },
  // 002: "国定一居民区“大总支、大睦邻、大联动”"; 001: "联动创智坊社区睦邻中心自治资源"
  { code: 'YP-WJC-GD1', name: '国定一居民区', kind: 'neighbourhood', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-CZF', name: '创智坊居民区', kind: 'neighbourhood', parentCode: 'YP-WJC' },
  // 001: "第一、第二网格工作站牵头“三所联动”"
  { code: 'YP-WJC-WG01', name: '第一网格（第一网格工作站）', kind: 'grid', parentCode: 'YP-WJC' },
  { code: 'YP-WJC-WG02', name: '第二网格（第二网格工作站）', kind: 'grid', parentCode: 'YP-WJC' },

  // ── 新江湾城街道 ──────────────────────────────────────────────────────────
  { code: 'YP-XJWC', name: '新江湾城街道', kind: 'subdistrict', parentCode: 'YP' },
  { code: 'YP-XJWC-DZB', name: '党政办公室', kind: 'department', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-DJB', name: '社区党建办公室', kind: 'department', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-GLB', name: '社区管理办公室', kind: 'department', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-FWB', name: '社区服务办公室', kind: 'department', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-PAB', name: '社区平安办公室', kind: 'department', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-ZZB', name: '社区自治办公室', kind: 'department', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-YSB', name: '营商办公室', kind: 'department', parentCode: 'YP-XJWC' },
  // 004: "率先建成并实体化运行街道城运中心"
  { code: 'YP-XJWC-CYZX', name: '城市运行管理中心', kind: 'department', parentCode: 'YP-XJWC' },
  // 004: "上海市‘5A’级社区事务受理服务中心"
  { code: 'YP-XJWC-SLZX', name: '社区事务受理服务中心', kind: 'department', parentCode: 'YP-XJWC' },
  // 004: "优化综合行政执法队力量配置"
  { code: 'YP-XJWC-ZFD', name: '综合行政执法队', kind: 'department', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-DQZX', name: '社区党群服务中心', kind: 'department', parentCode: 'YP-XJWC' },
  // 004: "睿达路居民区成功创建为“上海市老年友好型社区”", "完成政青路、睿达路居委会去筹,
  //       国安二、上海院子、世纪江湾居委会筹建"
  { code: 'YP-XJWC-RDL', name: '睿达路居民区', kind: 'neighbourhood', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-ZQL', name: '政青路居民区', kind: 'neighbourhood', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-GA2', name: '国安二居民区', kind: 'neighbourhood', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-SHYZ', name: '上海院子居民区', kind: 'neighbourhood', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-SJJW', name: '世纪江湾居民区', kind: 'neighbourhood', parentCode: 'YP-XJWC' },
  // Grid names are illustrative (004: "健全小区网格化管理模式", no grid names given).
  { code: 'YP-XJWC-WG01', name: '第一综合网格', kind: 'grid', parentCode: 'YP-XJWC' },
  { code: 'YP-XJWC-WG02', name: '第二综合网格', kind: 'grid', parentCode: 'YP-XJWC' },

  // ── 万里街道 ──────────────────────────────────────────────────────────────
  { code: 'YP-WL', name: '万里街道', kind: 'subdistrict', parentCode: 'YP' },
  { code: 'YP-WL-DZB', name: '党政办公室', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-DJB', name: '社区党建办公室', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-GLB', name: '社区管理办公室', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-FWB', name: '社区服务办公室', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-PAB', name: '社区平安办公室', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-ZZB', name: '社区自治办公室', kind: 'department', parentCode: 'YP-WL' },
  // 003: "打造上海西站综合体万里招商营商中心"
  { code: 'YP-WL-YSB', name: '营商办公室', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-CYZX', name: '城市运行管理中心', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-SLZX', name: '社区事务受理服务中心', kind: 'department', parentCode: 'YP-WL' },
  { code: 'YP-WL-ZFD', name: '综合行政执法队', kind: 'department', parentCode: 'YP-WL' },
  // 003: "打造全区首家一站式、集约化的社区党群服务中心"
  { code: 'YP-WL-DQZX', name: '社区党群服务中心', kind: 'department', parentCode: 'YP-WL' },
  // 003: "推动辖区中骏天誉、富平、交暨等6个居民区荣获平安示范小区"
  { code: 'YP-WL-ZJTY', name: '中骏天誉居民区', kind: 'neighbourhood', parentCode: 'YP-WL' },
  { code: 'YP-WL-FP', name: '富平居民区', kind: 'neighbourhood', parentCode: 'YP-WL' },
  { code: 'YP-WL-JJ', name: '交暨居民区', kind: 'neighbourhood', parentCode: 'YP-WL' },
  // Grid names are illustrative (003: "以“网格党委”为核心,推动“多格合一”", "街道—网格—片区—楼组").
  { code: 'YP-WL-WG01', name: '第一网格', kind: 'grid', parentCode: 'YP-WL' },
  { code: 'YP-WL-WG02', name: '第二网格', kind: 'grid', parentCode: 'YP-WL' },
];
