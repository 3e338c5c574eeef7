"""Deterministic synthetic Chinese text about rural revitalization (乡村振兴).

Sentences are composed from phrase banks of the vocabulary the bureau's documents use;
every function takes a ``random.Random`` so that the same seed gives the same text.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# ---------------------------------------------------------------- phrase banks

SUBJECTS = [
    "各县市区", "各乡镇（街道）", "县乡村振兴局", "驻村工作队", "村“两委”", "帮扶责任人",
    "县级行业部门", "乡镇农业综合服务中心", "村级防返贫监测信息员", "市乡村振兴局",
    "县民政局", "县医保局", "县人社局", "县教体局", "县住建局", "县水利局", "村务监督委员会",
    "乡镇党委政府", "第一书记", "结对帮扶单位",
]
ACTIONS = [
    "全面排查", "动态监测", "精准识别", "及时落实", "定期走访", "逐户核实", "分类施策",
    "跟踪回访", "统筹推进", "建立台账", "集中研判", "精准帮扶", "兜底保障", "常态化走访",
    "清单化管理", "闭环处置",
]
OBJECTS = [
    "脱贫户", "监测对象", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "易地搬迁群众",
    "农村低保对象", "特困供养人员", "留守儿童", "重度残疾人", "脱贫劳动力", "农村低收入人口",
    "因病致贫返贫家庭", "大病患者家庭", "无劳动能力家庭",
]
MEASURES = [
    "防返贫监测", "雨露计划", "小额信贷", "医疗救助", "危房改造", "公益性岗位", "产业奖补",
    "就业帮扶车间", "稳岗补贴", "教育资助", "饮水安全保障", "兜底保障", "消费帮扶", "技能培训",
    "住房安全鉴定", "家庭医生签约服务", "大病专项救治", "慢病签约服务", "临时救助", "防贫保险",
    "外出务工交通补贴", "创业担保贷款", "庭院经济", "低保渐退", "“一卡通”发放", "控辍保学",
]
GOALS = [
    "确保不发生规模性返贫", "守住防止规模性返贫底线", "推动帮扶政策落地见效", "切实提高群众满意度",
    "巩固拓展脱贫攻坚成果", "促进脱贫群众持续增收", "实现应纳尽纳、应扶尽扶", "做到早发现、早干预、早帮扶",
    "让群众真正得到实惠", "推进同乡村振兴有效衔接", "增强脱贫地区内生发展动力", "提升帮扶工作精准度",
]
MANNERS = [
    "坚持问题导向", "按照“缺什么补什么”的原则", "通过入户走访和部门数据比对", "依托全国防返贫监测信息系统",
    "结合网格化管理", "采取“一户一策”方式", "运用大数据预警", "坚持开发式帮扶与保障性措施相结合",
    "按照“四个不摘”要求", "聚焦“两不愁三保障”", "通过“干部找、群众报、部门推”", "坚持季度分析研判",
]
DOCUMENTS = [
    "户口簿", "居民身份证", "残疾人证", "诊断证明", "学生证", "录取通知书", "劳动合同", "银行卡复印件",
    "房屋安全鉴定报告", "收入证明", "村委会推荐意见",
]
SLOGANS = [
    "四定闭环", "三查三看", "五个一", "点长制", "双联系", "一户一策", "网格化", "红黑榜", "积分制",
    "四议两公开", "一站式", "屋场夜话", "三色预警", "一村一品", "帮扶日", "干部夜访",
]
OUTCOMES = [
    "推动问题整改清零", "织密防返贫监测网", "让搬迁群众稳得住", "规范小额信贷管理", "促进稳岗就业",
    "做实健康帮扶", "提升饮水安全保障水平", "激发内生动力", "壮大村集体经济", "打通政策落实最后一公里",
    "助推特色产业提质增效", "做好易地搬迁后续扶持", "提升群众政策知晓率", "守住住房安全底线",
]
STUDY_TOPICS = [
    "脱贫人口小额信贷逾期风险", "监测对象帮扶措施落实", "公益性岗位管理使用", "易地搬迁安置点社区治理",
    "农村饮水工程长效管护", "脱贫劳动力稳岗就业", "帮扶产业项目资产管理", "防返贫监测数据质量",
    "雨露计划政策知晓", "医疗救助“一站式”结算", "低保与防返贫监测衔接", "农村危房动态清零",
]

# Policy-list vocabulary.
CATEGORIES = {  # category -> (id prefix, topics)
    "教育保障": ("edu", ["学前教育资助", "义务教育营养改善", "普通高中国家助学金", "中职学生免学费",
                    "雨露计划职业教育补助", "大学新生入学资助", "生源地信用助学贷款", "寄宿生生活补助", "控辍保学"]),
    "健康医疗": ("health", ["城乡居民医保参保资助", "医疗救助", "大病专项救治", "慢病门诊保障",
                      "家庭医生签约服务", "先诊疗后付费", "住院费用一站式结算", "重特大疾病倾斜救助"]),
    "住房安全": ("housing", ["农村危房改造", "住房安全动态监测", "农房抗震改造", "住房安全鉴定", "困难群众住房保障"]),
    "饮水安全": ("water", ["农村供水保障", "饮水工程维修养护", "水费减免", "抗旱应急供水", "农村水质检测"]),
    "产业帮扶": ("industry", ["产业到户奖补", "农业保险保费补贴", "消费帮扶", "庭院经济发展", "特色产业基地建设",
                        "农业技术指导"]),
    "就业帮扶": ("jobs", ["公益性岗位安置", "就业帮扶车间奖补", "外出务工交通补贴", "稳岗补贴", "技能培训补贴",
                    "创业担保贷款贴息"]),
    "兜底保障": ("social", ["农村最低生活保障", "特困人员救助供养", "临时救助", "困难残疾人生活补贴",
                      "孤儿基本生活保障", "农村留守老人关爱"]),
    "金融帮扶": ("finance", ["脱贫人口小额信贷", "小额信贷贴息", "创业担保贷款", "防贫保险", "农村产权抵押贷款"]),
    "防返贫监测": ("monitor", ["防返贫动态监测", "监测对象识别纳入", "风险消除", "防返贫保险", "农户自主申报"]),
    "搬迁后扶": ("relocation", ["安置点配套设施", "搬迁群众就业帮扶", "安置房不动产登记", "社区融入服务", "后续产业扶持"]),
    "其他": ("other", ["无障碍改造", "农村妇女两癌救助", "法律援助", "文化惠民", "困难职工帮扶"]),
}
DEPARTMENTS = [
    "市教体局", "市卫健委", "市医保局", "市住建局", "市水利局", "市农业农村局", "市人社局", "市民政局",
    "市财政局", "市乡村振兴局", "市发改委", "市残联", "市妇联", "团市委", "市总工会", "市商务局",
    "市林业局", "市自然资源局", "市交通运输局", "市文广新旅局", "市生态环境局", "市司法局", "市应急管理局",
    "市供销社", "市金融办", "人行宜春市分行", "市税务局", "市退役军人事务局", "市科技局", "市工信局",
]
# Words of the default 政策对象 vocabulary (huimin.yml targets) or its aliases.
TARGETS = [
    "脱贫户", "监测对象", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "农村低保对象", "特困人员",
    "重度残疾人", "持证残疾人", "义务教育学生", "学前儿童", "普通高中学生", "中高职学生", "普通高校新生",
    "慢性病患者", "大病患者", "重病患者", "65岁以上老年人", "留守儿童", "事实无人抚养儿童", "孤儿",
    "外出务工人员", "脱贫劳动力", "易地搬迁群众", "种养殖户", "农民专业合作社", "家庭农场", "帮扶车间",
    "龙头企业", "返乡创业人员", "农民工", "农村群众", "新型农业经营主体", "村集体经济组织", "农户",
    "低保边缘家庭", "农村低收入人口", "农村供水工程管理单位", "高校毕业生", "零就业家庭",
]
QUALIFIERS = ["", "", "", "脱贫家庭", "监测对象家庭", "农村困难群众", "易地搬迁群众", "农村低收入人口"]
TITLE_SUFFIXES = ["", "", "政策", "补助", "实施办法", "专项行动", "工作机制", "管理办法"]
BASIS_PREFIXES = ["赣府厅字", "宜府办发", "宜教发", "宜卫发", "宜人社字", "赣财农", "宜农字", "宜民字",
                  "宜乡振字", "赣医保发", "宜水字", "宜住建字"]
MEMBER_TAGS = ["学前儿童", "义务教育学生", "高中学生", "中职学生", "慢性病患者", "大病患者",
               "残疾人", "重度残疾人", "劳动力", "种养殖户", "老年人"]  # the member_tags vocabulary
SECTION_HEADINGS = ["政策要点", "补助对象", "补助标准说明", "资金管理", "监督管理", "工作要求", "注意事项",
                    "常见问题", "政策衔接", "责任分工"]
STEP_BANK = [
    "农户向村委会或驻村工作队提出书面申请",
    "村委会组织入户核实，召开村民代表会议评议",
    "评议结果在村务公开栏公示7天，无异议后报乡镇",
    "乡镇（街道）审核并建立台账，报县级主管部门",
    "县级主管部门复核，必要时开展数据比对",
    "审批通过后，资金通过“一卡通”发放到户",
    "帮扶责任人上门告知办理结果并做好政策解释",
    "县级主管部门每季度开展一次跟踪回访",
    "申请人通过“赣服通”小程序在线提交材料",
    "乡镇便民服务中心一次性告知需补充的材料",
]

# County submissions.
UNIT_SLUGS = {
    "袁州区": "yuanzhou", "樟树市": "zhangshu", "丰城市": "fengcheng", "高安市": "gaoan",
    "奉新县": "fengxin", "万载县": "wanzai", "上高县": "shanggao", "宜丰县": "yifeng",
    "靖安县": "jingan", "铜鼓县": "tonggu", "宜春经济技术开发区": "kaifaqu", "宜阳新区": "yiyang",
    "明月山温泉风景名胜区": "mingyueshan",
}
KINDS = ["经验成效类", "问题调研类"]
EXPERIENCE_SECTIONS = ["一、基本情况", "二、主要做法", "三、取得成效", "四、下一步打算"]
STUDY_SECTIONS = ["一、基本情况", "二、存在问题", "三、原因分析", "四、对策建议"]

# ---------------------------------------------------------------- sentences

_TEMPLATES = [
    "{manner}，{subject}对{object}{action}，{goal}。",
    "对符合条件的{object}，按规定落实{measure}政策，{goal}。",
    "{subject}要在{n}个工作日内完成{measure}审核，结果在村务公开栏公示{m}天。",
    "{year}年以来，累计{action}{object}{n}户{k}人，发放{measure}资金{x}万元。",
    "申请{measure}的，应当提供{doc}、{doc2}等材料，由{subject}统一受理。",
    "{measure}资金实行专账管理、专款专用，严禁截留、挤占和挪用。",
    "对因病、因灾、因意外事故等导致基本生活出现严重困难的家庭，{subject}应及时启动{measure}程序。",
    "{subject}每季度开展一次{measure}政策落实情况督查，发现问题限期整改，{goal}。",
    "{manner}，把{measure}与{measure2}统筹起来，{goal}。",
    "截至{month}月底，全县{object}中已有{p}%落实了{measure}，较上年提高{q}个百分点。",
    "各地要加强{measure}政策宣传，通过明白卡、村村响广播和微信群，提升{object}的政策知晓率。",
    "对已享受{measure}的{object}，{subject}要{action}，防止出现断档、脱节。",
    "{subject}建立“周调度、月通报、季考核”机制，{action}{measure}工作进展。",
    "部分{object}反映{measure}申报材料多、办理周期长，{subject}已推行“一次办、就近办”。",
]


def sentence(rng: random.Random) -> str:
    template = rng.choice(_TEMPLATES)
    measure, measure2 = rng.sample(MEASURES, 2)
    doc, doc2 = rng.sample(DOCUMENTS, 2)
    return template.format(
        manner=rng.choice(MANNERS), subject=rng.choice(SUBJECTS), object=rng.choice(OBJECTS),
        action=rng.choice(ACTIONS), goal=rng.choice(GOALS), measure=measure, measure2=measure2,
        doc=doc, doc2=doc2, n=rng.randint(3, 60), m=rng.choice([5, 7, 10]), k=rng.randint(10, 900),
        x=round(rng.uniform(5, 900), 1), year=rng.randint(2021, 2024), month=rng.randint(1, 12),
        p=rng.randint(60, 100), q=rng.randint(1, 15),
    )


def paragraph(rng: random.Random, lo: int = 3, hi: int = 6) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def procedure(rng: random.Random, lo: int = 3, hi: int = 5) -> str:
    steps = rng.sample(STEP_BANK, rng.randint(lo, hi))
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1)) + "\n"


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending on a full sentence when possible."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = head.rfind("。")
    return head[: end + 1] if end > 0 else head[: limit - 1] + "。"


# ---------------------------------------------------------------- documents


def policy_body(rng: random.Random) -> str:
    """Markdown of 600–1500 characters: ### sections, sometimes a table, numbered steps."""
    goal = rng.randint(600, 1500)
    headings = rng.sample(SECTION_HEADINGS, len(SECTION_HEADINGS))
    parts: list[str] = []
    size = 0
    while size < goal and headings:
        heading = headings.pop()
        block = f"### {heading}\n\n" + "\n\n".join(paragraph(rng) for _ in range(rng.randint(1, 2)))
        if heading == "补助标准说明" and rng.random() < 0.6:
            rows = "\n".join(
                f"| {rng.choice(OBJECTS)} | {rng.choice(MEASURES)} | 每人每年{rng.randint(2, 60) * 100}元 |"
                for _ in range(rng.randint(2, 4))
            )
            block += f"\n\n| 对象 | 项目 | 标准（示例） |\n|---|---|---|\n{rows}"
        parts.append(block)
        size += len(block)
    parts.append("### 操作要点\n\n" + procedure(rng, 3, 5).rstrip())
    return "\n\n".join(parts) + "\n"


def policy(rng: random.Random, index: int, category: str, department: str, used_titles: set[str],
           as_of: date) -> dict:
    prefix, topics = CATEGORIES[category]
    title = rng.choice(QUALIFIERS) + rng.choice(topics) + rng.choice(TITLE_SUFFIXES)
    base, n = title, 2
    while title in used_titles:
        title = f"{base}（第{n}批）" if n > 2 else f"{base}（{rng.randint(2021, 2025)}年）"
        n += 1
    used_titles.add(title)
    targets = rng.sample(TARGETS, rng.randint(2, 4))
    measure = rng.choice(MEASURES)
    summary = cut(
        f"对{'、'.join(targets[:2])}落实{measure}，{rng.choice(ACTIONS)}帮扶需求，{rng.choice(GOALS)}。"
        + sentence(rng),
        100,
    )
    issued = date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365))
    effective_from = issued + timedelta(days=rng.randint(0, 60))
    roll = rng.random()
    effective_until = None
    if roll < 0.12:  # 已失效
        effective_until = min(effective_from + timedelta(days=rng.randint(200, 1200)),
                              as_of - timedelta(days=rng.randint(1, 200)))
        effective_until = max(effective_until, effective_from)
    elif roll < 0.17:  # 未生效
        effective_from = as_of + timedelta(days=rng.randint(10, 180))
        issued = effective_from - timedelta(days=rng.randint(10, 60))
    elif roll < 0.45:
        effective_until = date(rng.randint(2025, 2027), 12, 31)
        if effective_until < effective_from:
            effective_until = None
    p: dict = {
        "id": f"{prefix}-{index:03d}",
        "title": title,
        "department": department,
        "summary": summary,
        "targets": targets,
        "standard": rng.choice([
            f"每人每年{rng.randint(5, 60) * 100}元",
            f"每户一次性补助{rng.randint(1, 40) * 500}元",
            f"按实际费用的{rng.choice([50, 60, 70, 80, 90])}%给予补助，年度最高{rng.randint(1, 10) * 5000}元",
            f"每月{rng.randint(2, 12) * 50}元，按季度发放",
            f"贷款额度{rng.choice([1, 3, 5])}万元以下，期限3年以内，财政全额贴息",
        ]),
        "conditions": cut(paragraph(rng, 1, 2), 160),
        "procedure": procedure(rng),
        "contact": f"0795-3{rng.randint(100000, 999999)}",
        "basis": f"{rng.choice(BASIS_PREFIXES)}〔{issued.year}〕{rng.randint(1, 60)}号",
        "issued": issued,
        "effective_from": effective_from,
    }
    if effective_until is not None:
        p["effective_until"] = effective_until
    if rng.random() < 0.4:
        elig: dict = {}
        if rng.random() < 0.3:
            elig["household_types"] = ["监测对象"]
            if rng.random() < 0.5:
                elig["monitor_types"] = rng.sample(["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"], 2)
        if rng.random() < 0.7:
            elig["member_tags"] = rng.sample(MEMBER_TAGS, rng.randint(1, 3))
        if elig:
            p["eligibility"] = elig
    if rng.random() < 0.1:
        p["on_card"] = False
    if rng.random() < 0.9:
        p["body"] = policy_body(rng)
    return p


def submission(rng: random.Random, unit: str, month: str) -> dict:
    """A county submission (FORMATS.md): front matter fields plus a Markdown body of 800–2000 chars."""
    kind = KINDS[0] if rng.random() < 0.7 else KINDS[1]
    if kind == KINDS[0]:
        title = f"{unit}“{rng.choice(SLOGANS)}”{rng.choice(OUTCOMES)}"
        sections = EXPERIENCE_SECTIONS
    else:
        title = rng.choice([f"关于{unit}{{t}}情况的调研报告", f"{unit}{{t}}存在的问题及建议"]).format(
            t=rng.choice(STUDY_TOPICS))
        sections = STUDY_SECTIONS
    year, mon = map(int, month.split("-"))
    day = date(year, mon, rng.randint(1, 28))
    goal = rng.randint(800, 2000)
    parts: list[str] = [paragraph(rng, 2, 4)]
    size = len(parts[0])
    for heading in sections:
        if size >= goal and heading != sections[-1]:
            continue
        block = f"## {heading}\n\n" + "\n\n".join(paragraph(rng) for _ in range(rng.randint(1, 3)))
        parts.append(block)
        size += len(block)
    meta = {
        "title": title,
        "unit": unit,
        "month": month,
        "kind": kind,
        "date": day,
        "summary": cut(sentence(rng) + sentence(rng) + sentence(rng), 200),
        "author": f"{unit}乡村振兴局",
    }
    if rng.random() < 0.03:
        meta["valid"] = False
    return {"meta": meta, "body": "\n\n".join(parts) + "\n"}
