"""The policy pages of the site: one per policy, the browsable indexes and the A–Z list."""

from __future__ import annotations

from huimin.model.policy import USUAL_CATEGORIES, Policy
from huimin.rules.catalog import build_catalog
from huimin.site.render import Page, render

SECTION = "政策清单"


def policy_pages(policies: list[Policy], as_of, settings) -> list[Page]:
    catalog = build_catalog(policies, as_of, USUAL_CATEGORIES)
    site = {"city": settings.city, "bureau": settings.bureau, "title": settings.site_title}
    pages = [
        Page("policies/index.md", render("pages/policy_index.md.j2", catalog=catalog, site=site),
             (SECTION,), "政策清单"),
        Page("policies/pinyin.md", render("pages/policy_pinyin.md.j2", catalog=catalog),
             (SECTION,), "拼音索引"),
    ]
    for key, facet in catalog.facets.items():
        # The category index opens the 按主题分类 section (navigation.indexes) instead of
        # standing beside it under the same name.
        pages.append(Page(
            f"policies/{key}/index.md",
            render("pages/policy_facets.md.j2", catalog=catalog, facet=facet),
            (SECTION, f"按{facet.label}") if key == "category" else (SECTION,), f"按{facet.label}",
        ))
        for value, members in facet.values.items():
            # Category pages carry their policies in the navigation; the other facets
            # are reached from their index pages (one nav entry per policy, never two).
            in_nav = key == "category"
            pages.append(Page(
                f"policies/{key}/{facet.slugs[value]}/index.md",
                render("pages/policy_facet.md.j2", catalog=catalog, facet=facet, value=value,
                       policies=members),
                (SECTION, f"按{facet.label}", value) if in_nav else (SECTION,), value, nav=in_nav,
            ))
    for policy in catalog.policies:
        pages.append(Page(
            f"policies/{policy.id}.md",
            render("pages/policy.md.j2", p=policy, catalog=catalog, site=site,
                   validity=catalog.validity[policy.id], facets=catalog.facets),
            (SECTION, "按主题分类", policy.category), policy.title,
        ))
    return pages
