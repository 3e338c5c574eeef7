/* 政策自查 (/zi-cha/): which policies a household gets, as on its 政策明白卡.
 *
 * The rules come from the page (<script id="hm-zc-data">), exported at build time from
 * huimin/rules/eligibility.py (EligibilityIndex.rules) in card order (policy_order). The
 * export already applied rule 1 (on_card), rule 2 (有效 on the as-of day) and rule 4's
 * safeguard (monitor types without written household types: 监测对象 only). Here:
 *   rule 3: the 户类型 is in household_types;
 *   rule 4: monitor_types, when set, restrict 监测对象 only (their 监测类型 must be listed);
 *   rule 5: member_tags, when set, need at least one ticked 成员情况;
 *   rule 6: monitor_risk (未消除 | 已消除), when not 不限, restricts 监测对象 only (the
 *           "风险已经消除" box must be ticked for 已消除 and not for 未消除).
 * Page order: those specific to the household (member tags, or monitor types or risk state for a
 * 监测对象: huimin/site/self_check.py is_specific), then the rest, each in card order.
 * Nothing is sent anywhere: no form submission, no request.
 */
(function () {
  "use strict";
  var root = document.getElementById("hm-zc");
  var dataNode = document.getElementById("hm-zc-data");
  if (!root || !dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var MONITORED = data.monitored;
  var form = document.getElementById("hm-zc-form");
  var monitorBox = document.getElementById("hm-zc-monitor");
  var result = document.getElementById("hm-zc-result");
  var count = document.getElementById("hm-zc-count");
  var lists = {
    specific: document.getElementById("hm-zc-specific"),
    common: document.getElementById("hm-zc-common")
  };
  var items = {};
  root.querySelectorAll("[data-hm-policy]").forEach(function (li) {
    items[li.getAttribute("data-hm-policy")] = li;
  });

  function has(list, value) { return list.indexOf(value) >= 0; }

  function matches(rule, kind, monitor, tags, cleared) {
    if (!has(rule.household_types, kind)) return false;                                  // rule 3
    if (rule.monitor_types && kind === MONITORED && !has(rule.monitor_types, monitor)) return false;  // rule 4
    if (kind === MONITORED && rule.monitor_risk !== "不限" && (rule.monitor_risk === "已消除") !== cleared) return false;  // rule 6
    if (rule.member_tags && !rule.member_tags.some(function (t) { return tags[t]; })) return false;  // rule 5
    return true;
  }

  function specific(rule, kind) {
    return !!rule.member_tags || (kind === MONITORED && (!!rule.monitor_types || rule.monitor_risk !== "不限"));
  }

  function picked(name) {
    var box = form.querySelector('input[name="' + name + '"]:checked');
    return box ? box.value : null;
  }

  function update() {
    var kind = picked("hm-zc-kind");
    var monitor = kind === MONITORED ? picked("hm-zc-monitor") : null;
    var cleared = kind === MONITORED && !!form.querySelector('input[name="hm-zc-cleared"]:checked');
    var tags = {};
    form.querySelectorAll('input[name="hm-zc-tag"]:checked').forEach(function (box) { tags[box.value] = true; });
    monitorBox.hidden = kind !== MONITORED;
    var found = { specific: [], common: [] };
    if (kind) {
      data.rules.forEach(function (rule) {
        if (matches(rule, kind, monitor, tags, cleared)) {
          found[specific(rule, kind) ? "specific" : "common"].push(items[rule.id]);
        }
      });
    }
    ["specific", "common"].forEach(function (group) {
      var list = lists[group];
      while (list.firstChild) list.removeChild(list.firstChild);
      found[group].forEach(function (li) { list.appendChild(li); });
      document.getElementById("hm-zc-" + group + "-box").hidden = found[group].length === 0;
    });
    var total = found.specific.length + found.common.length;
    var text;
    if (!kind) {
      text = "请先选择您家是哪类户。";
    } else {
      text = "您家可以享受 " + total + " 项政策";
      if (found.specific.length && found.common.length) {
        text += "：与您家情况有关的 " + found.specific.length + " 项，每户都能享受的 " + found.common.length + " 项。";
      } else if (found.common.length) {
        text += "，都是每户都能享受的。";
      } else {
        text += "。";
      }
      if (kind === MONITORED && !monitor) text += "请再选择监测类型，结果才完整。";
    }
    count.textContent = text;
    result.setAttribute("data-hm-kind", kind || "");
  }

  // A link may preset the household type: #hu=tp, #hu=jc&jc=tf&xc=1 (a card's QR code; codes in
  // huimin/rules/self_check_preset.py). Only the type: never anything about the family.
  function preset() {
    var query = window.location.hash.replace(/^#/, "");
    if (!query || !data.presets) return;
    query.split("&").forEach(function (pair) {
      var kv = pair.split("="), codes = data.presets[kv[0]];
      var value = codes && Object.prototype.hasOwnProperty.call(codes, kv[1]) ? codes[kv[1]] : null;
      var name = { hu: "hm-zc-kind", jc: "hm-zc-monitor", xc: "hm-zc-cleared" }[kv[0]];
      if (!name) return;
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
        if (value !== null && box.value === value) box.checked = true;
      });
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  document.getElementById("hm-zc-all").hidden = true;
  document.getElementById("hm-zc-lead").hidden = false;
  form.hidden = false;
  result.hidden = false;
  preset();
  update();
  // A page restored from the back/forward cache keeps its ticks: show their result.
  window.addEventListener("pageshow", update);
})();
