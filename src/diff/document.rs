//! Document-level elements: info, servers, global security, security schemes, tag
//! definitions, component schemas and top-level extensions.

use super::Group;
use super::emit::{Differ, Site, What};
use crate::model::{Origin, SecurityScheme, Server};
use serde_json::Value;

fn document_site() -> Site<'static> {
    Site {
        group: Group::Document,
        usage: None,
        pair: None,
    }
}

pub(super) fn diff_document(d: &mut Differ) {
    let (base, rev) = (d.base, d.rev);
    let site = document_site();
    let root_b = Origin::new(crate::model::DocId(0), "");
    let root_r = root_b.clone();
    let info_b = base
        .info
        .origin
        .clone()
        .unwrap_or_else(|| root_b.child("info"));
    let info_r = rev
        .info
        .origin
        .clone()
        .unwrap_or_else(|| root_r.child("info"));
    d.compare_opt(
        &site,
        What::Info,
        Some("title"),
        &info_b.child("title"),
        &info_r.child("title"),
        &base.info.title,
        &rev.info.title,
    );
    d.compare_opt(
        &site,
        What::Info,
        Some("version"),
        &info_b.child("version"),
        &info_r.child("version"),
        &base.info.version,
        &rev.info.version,
    );
    d.compare_opt(
        &site,
        What::Info,
        Some("description"),
        &info_b.child("description"),
        &info_r.child("description"),
        &base.info.description,
        &rev.info.description,
    );
    d.compare_map(
        &site,
        What::Info,
        &info_b,
        &info_r,
        &base.info.other,
        &rev.info.other,
    );
    diff_servers(d, &site, &base.servers, &rev.servers);
    let sorted = |s: &Option<Vec<crate::model::SecurityRequirement>>| {
        s.clone().map(|mut v| {
            v.sort();
            v.dedup();
            v
        })
    };
    d.compare_opt(
        &site,
        What::Security,
        None,
        &root_b.child("security"),
        &root_r.child("security"),
        &sorted(&base.security),
        &sorted(&rev.security),
    );
    for (name, bs) in &base.components.security_schemes {
        let ssite = Site {
            group: Group::SecurityScheme(name.clone()),
            ..document_site()
        };
        match rev.components.security_schemes.get(name) {
            Some(rs) => diff_security_scheme(d, &ssite, bs, rs),
            None => d.removed(
                &ssite,
                What::SecurityScheme,
                Some(name.clone()),
                &bs.origin,
                &bs.kind,
            ),
        }
    }
    for (name, rs) in &rev.components.security_schemes {
        if !base.components.security_schemes.contains_key(name) {
            let ssite = Site {
                group: Group::SecurityScheme(name.clone()),
                ..document_site()
            };
            d.added(
                &ssite,
                What::SecurityScheme,
                Some(name.clone()),
                &rs.origin,
                &rs.kind,
            );
        }
    }
    for (name, bt) in &base.tags {
        match rev.tags.get(name) {
            Some(rt) => d.compare_opt(
                &site,
                What::TagDefinition,
                Some(name),
                &bt.origin,
                &rt.origin,
                &bt.description,
                &rt.description,
            ),
            None => d.removed(
                &site,
                What::TagDefinition,
                Some(name.clone()),
                &bt.origin,
                &bt.description,
            ),
        }
    }
    for (name, rt) in &rev.tags {
        if !base.tags.contains_key(name) {
            d.added(
                &site,
                What::TagDefinition,
                Some(name.clone()),
                &rt.origin,
                &rt.description,
            );
        }
    }
    for (name, &bid) in &base.components.schemas {
        let ssite = Site {
            group: Group::Schema(name.clone()),
            ..document_site()
        };
        match rev.components.schemas.get(name) {
            Some(&rid) => d.schema_root(None, bid, rid),
            None => d.removed(
                &ssite,
                What::ComponentSchema,
                Some(name.clone()),
                &base.schemas.get(bid).origin,
                &Value::Null,
            ),
        }
    }
    for (name, &rid) in &rev.components.schemas {
        if !base.components.schemas.contains_key(name) {
            let ssite = Site {
                group: Group::Schema(name.clone()),
                ..document_site()
            };
            d.added(
                &ssite,
                What::ComponentSchema,
                Some(name.clone()),
                &rev.schemas.get(rid).origin,
                &Value::Null,
            );
        }
    }
    d.compare_map(
        &site,
        What::Extension,
        &root_b,
        &root_r,
        &base.extensions,
        &rev.extensions,
    );
}

fn diff_servers(d: &mut Differ, site: &Site, base: &[Server], rev: &[Server]) {
    for b in base {
        match rev.iter().find(|r| r.url == b.url) {
            Some(r) => {
                let n = Some(b.url.as_str());
                d.compare_opt(
                    site,
                    What::ServerDescription,
                    n,
                    &b.origin,
                    &r.origin,
                    &b.description,
                    &r.description,
                );
                for (var, bv) in &b.variables {
                    let name = format!("{} {{{var}}}", b.url);
                    match r.variables.get(var) {
                        Some(rv) => {
                            d.compare_opt(
                                site,
                                What::ServerVariable,
                                Some(&name),
                                &b.origin,
                                &r.origin,
                                &bv.default,
                                &rv.default,
                            );
                            d.compare(
                                site,
                                What::ServerVariable,
                                Some(&name),
                                &b.origin,
                                &r.origin,
                                &bv.enum_values,
                                &rv.enum_values,
                            );
                        }
                        None => d.removed(
                            site,
                            What::ServerVariable,
                            Some(name),
                            &b.origin,
                            &bv.default,
                        ),
                    }
                }
                for (var, rv) in &r.variables {
                    if !b.variables.contains_key(var) {
                        d.added(
                            site,
                            What::ServerVariable,
                            Some(format!("{} {{{var}}}", r.url)),
                            &r.origin,
                            &rv.default,
                        );
                    }
                }
            }
            None => d.removed(site, What::Server, Some(b.url.clone()), &b.origin, &b.url),
        }
    }
    for r in rev {
        if !base.iter().any(|b| b.url == r.url) {
            d.added(site, What::Server, Some(r.url.clone()), &r.origin, &r.url);
        }
    }
}

fn diff_security_scheme(d: &mut Differ, site: &Site, b: &SecurityScheme, r: &SecurityScheme) {
    let (bo, ro) = (&b.origin, &r.origin);
    d.compare(
        site,
        What::SecuritySchemeField,
        Some("type"),
        bo,
        ro,
        &b.kind,
        &r.kind,
    );
    d.compare_opt(
        site,
        What::SecuritySchemeField,
        Some("name"),
        bo,
        ro,
        &b.name,
        &r.name,
    );
    d.compare_opt(
        site,
        What::SecuritySchemeField,
        Some("in"),
        bo,
        ro,
        &b.location,
        &r.location,
    );
    d.compare_opt(
        site,
        What::SecuritySchemeField,
        Some("scheme"),
        bo,
        ro,
        &b.scheme,
        &r.scheme,
    );
    d.compare_opt(
        site,
        What::SecuritySchemeField,
        Some("bearerFormat"),
        bo,
        ro,
        &b.bearer_format,
        &r.bearer_format,
    );
    d.compare_opt(
        site,
        What::SecuritySchemeField,
        Some("openIdConnectUrl"),
        bo,
        ro,
        &b.open_id_connect_url,
        &r.open_id_connect_url,
    );
    d.compare_opt(
        site,
        What::SecuritySchemeField,
        Some("description"),
        bo,
        ro,
        &b.description,
        &r.description,
    );
    d.compare_map(site, What::Extension, bo, ro, &b.extensions, &r.extensions);
    for (flow, bf) in &b.flows {
        match r.flows.get(flow) {
            Some(rf) => {
                for (field, bv, rv) in [
                    (
                        "authorizationUrl",
                        &bf.authorization_url,
                        &rf.authorization_url,
                    ),
                    ("tokenUrl", &bf.token_url, &rf.token_url),
                    ("refreshUrl", &bf.refresh_url, &rf.refresh_url),
                ] {
                    d.compare_opt(
                        site,
                        What::SecurityFlowUrl,
                        Some(&format!("{flow}.{field}")),
                        bo,
                        ro,
                        bv,
                        rv,
                    );
                }
                // A scope kept under the same name with another description.
                for (scope, bdesc) in &bf.scopes {
                    if let Some(rdesc) = rf.scopes.get(scope) {
                        let name = format!("{flow}:{scope}");
                        d.compare(site, What::SecurityScope, Some(&name), bo, ro, bdesc, rdesc);
                    }
                }
                for scope in bf.scopes.keys().filter(|s| !rf.scopes.contains_key(*s)) {
                    d.removed(
                        site,
                        What::SecurityScope,
                        Some(format!("{flow}:{scope}")),
                        bo,
                        scope,
                    );
                }
                for scope in rf.scopes.keys().filter(|s| !bf.scopes.contains_key(*s)) {
                    d.added(
                        site,
                        What::SecurityScope,
                        Some(format!("{flow}:{scope}")),
                        ro,
                        scope,
                    );
                }
            }
            None => d.removed(site, What::SecurityFlow, Some(flow.clone()), bo, flow),
        }
    }
    for flow in r.flows.keys().filter(|f| !b.flows.contains_key(*f)) {
        d.added(site, What::SecurityFlow, Some(flow.clone()), ro, flow);
    }
}
