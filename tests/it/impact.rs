//! `impact`: changed fields with their fan-out, and mapped-field judgements (DESIGN §5).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const BASE: &str = "tests/fixtures/impact/base.yaml";
const REVISION: &str = "tests/fixtures/impact/revision.yaml";
const MAPPINGS: &str = "tests/fixtures/impact/mappings.yaml";

fn apidelta() -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = apidelta().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn impact_json(mappings: Option<&str>) -> Value {
    let mut args = vec![
        "impact",
        BASE,
        REVISION,
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ];
    if let Some(m) = mappings {
        args.extend(["--mappings", m]);
    }
    json(&args)
}

fn field<'a>(j: &'a Value, name: &str) -> &'a Value {
    j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {j:#}"))
}

fn mapping<'a>(j: &'a Value, name: &str) -> &'a Value {
    j["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["field"] == name)
        .unwrap_or_else(|| panic!("no mapping {name}"))
}

fn operations(f: &Value) -> Vec<String> {
    f["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o["method"].as_str().unwrap(),
                o["path"].as_str().unwrap(),
                o["direction"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn lists_every_changed_field_with_level_findings_and_operations() {
    let j = impact_json(None);
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["tool"]["name"], "apidelta");
    assert!(j.get("mappings").is_none());
    let names: Vec<&str> = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for expected in [
        "Error.code",
        "GET /customers param.limit",
        "LineItem.qty",
        "Address.zip",
        "Address.postal_code",
        "Customer.email",
        "Customer.name",
        // A `required` change is about the property, not its parent.
        "Address.street",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    // Worst first.
    assert_eq!(j["fields"][0]["level"], "breaking");
    let zip = field(&j, "Address.zip");
    assert_eq!(zip["level"], "potentially-breaking");
    assert_eq!(zip["fingerprints"].as_array().unwrap().len(), 1);
    let scoped: Vec<&str> = zip["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        scoped,
        [
            "GET /customers response[].address.zip",
            "GET /customers/{id} response.address.zip"
        ]
    );
    // A non-success response is named by its status.
    let code = field(&j, "Error.code");
    let scoped: Vec<&str> = code["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["field"].as_str().unwrap())
        .collect();
    assert!(
        scoped.contains(&"GET /customers/{id} response[404].code"),
        "{scoped:?}"
    );
    // Parameters are operation-scoped fields.
    let limit = field(&j, "GET /customers param.limit");
    assert_eq!(limit["level"], "breaking");
    assert_eq!(operations(limit), ["GET /customers request"]);
}

#[test]
fn a_field_behind_allof_arrays_and_refs_is_one_field_listing_every_operation() {
    let j = impact_json(None);
    // LineItem is reached through Order's allOf, a nested array, additionalProperties, and
    // (GET /orders/{id}) a oneOf: one field, every operation, request and response apart.
    let qty = field(&j, "LineItem.qty");
    let count = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["field"].as_str().unwrap().ends_with("qty"))
        .count();
    assert_eq!(count, 1, "one path for the field");
    assert_eq!(
        operations(qty),
        [
            "GET /orders/{id} response",
            "POST /orders request",
            "POST /orders response"
        ]
    );
    assert_eq!(qty["level"], "breaking");
    assert_eq!(qty["fingerprints"].as_array().unwrap().len(), 2);
    // The text output lists request and response separately.
    let (code, text, _) = run(&["impact", BASE, REVISION, "--as-of", "2026-11-28"]);
    assert_eq!(code, 0);
    let block = text.split("  LineItem.qty").nth(1).unwrap();
    let block: String = block
        .lines()
        .take_while(|l| !l.starts_with("  ") || l.starts_with("   "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        block.contains("request:\n        POST /orders request."),
        "{block}"
    );
    assert!(block.contains("response:"), "{block}");
}

#[test]
fn judges_every_status() {
    let j = impact_json(Some(MAPPINGS));
    let status = |name: &str| mapping(&j, name)["status"].as_str().unwrap().to_string();
    // renamed, with the new field and its confidence, and a note naming our side.
    let zip = mapping(&j, "Customer.address.zip");
    assert_eq!(zip["status"], "renamed");
    assert_eq!(zip["new_field"], "Address.postal_code");
    assert!(zip["confidence"].as_f64().unwrap() > 0.5);
    assert!(
        zip["migration"].as_str().unwrap().starts_with(
            "update crm.contact.postcode: read Address.postal_code instead of Address.zip"
        ),
        "{zip}"
    );
    assert_eq!(
        zip["findings"][0]["id"],
        "response-optional-property-removed"
    );
    // deprecated, through an operation-scoped path.
    assert_eq!(status("GET /customers/{id} response.email"), "deprecated");
    assert!(
        mapping(&j, "GET /customers/{id} response.email")["migration"]
            .as_str()
            .unwrap()
            .contains("crm.contact.email")
    );
    // changed-compatible: a description change.
    assert_eq!(status("Customer.name"), "changed-compatible");
    // unaffected.
    assert_eq!(status("Customer.id"), "unaffected");
    assert_eq!(
        mapping(&j, "Customer.id")["findings"],
        serde_json::json!([])
    );
    assert_eq!(status("POST /orders request.items[][].sku"), "unaffected");
    // broken: a type change on a 404 body, a maximum decreased through allOf + arrays + $ref,
    // and a parameter.
    let code = mapping(&j, "GET /customers/{id} response[404].code");
    assert_eq!(code["status"], "broken");
    assert_eq!(code["findings"][0]["id"], "response-property-type-changed");
    assert!(
        code["migration"]
            .as_str()
            .unwrap()
            .starts_with("update crm.error.code2:")
    );
    assert_eq!(status("response[404].code"), "broken");
    let qty = mapping(&j, "Order.items[][].qty");
    assert_eq!(qty["status"], "broken");
    assert!(
        qty["operations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o.as_str().unwrap().starts_with("POST /orders request."))
    );
    assert_eq!(status("GET /customers param.limit"), "broken");
    // unknown-field: never a silent pass.
    let fax = mapping(&j, "Customer.fax");
    assert_eq!(fax["status"], "unknown-field");
    assert!(
        fax["migration"]
            .as_str()
            .unwrap()
            .contains("crm.contact.fax")
    );
    assert_eq!(j["mappings"].as_array().unwrap().len(), 10);
}

#[test]
fn text_markdown_and_csv_carry_the_judgements() {
    let args = |format: &'static str| {
        vec![
            "impact",
            BASE,
            REVISION,
            "--mappings",
            MAPPINGS,
            "--as-of",
            "2026-11-28",
            "--format",
            format,
        ]
    };
    let (code, text, _) = run(&args("text"));
    assert_eq!(code, 0);
    assert!(text.contains("Your mapped fields (10):"));
    assert!(
        text.contains(
            "Customer.address.zip -> crm.contact.postcode: renamed (to Address.postal_code"
        )
    );
    assert!(text.contains("Customer.fax -> crm.contact.fax: unknown-field"));
    let (code, md, _) = run(&args("markdown"));
    assert_eq!(code, 0);
    assert!(md.contains("### Your mapped fields"));
    assert!(
        md.contains("| `Customer.id` | `crm.contact.partner_id` | unaffected |"),
        "{md}"
    );
    let (code, csv, _) = run(&args("csv"));
    assert_eq!(code, 0);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "field,ours,status,new_field,findings,operations,migration"
    );
    assert_eq!(lines.len(), 11, "one row per entry");
    assert!(lines.iter().any(|l| {
        l.starts_with("Customer.address.zip,crm.contact.postcode,renamed,Address.postal_code,")
    }));
    // Without mappings: one row per changed field.
    let (code, csv, _) = run(&[
        "impact",
        BASE,
        REVISION,
        "--format",
        "csv",
        "--as-of",
        "2026-11-28",
    ]);
    assert_eq!(code, 0);
    assert!(csv.starts_with("field,level,findings,request,response"));
    assert_eq!(csv.lines().count(), 9);
    assert!(csv.lines().any(|l| l.starts_with("LineItem.qty,breaking,")));
}

#[test]
fn output_goes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("impact.json");
    let (code, stdout, _) = run(&[
        "impact",
        BASE,
        REVISION,
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    let j: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert!(j["fields"].as_array().unwrap().len() >= 7);
}

#[test]
fn a_malformed_mapping_file_is_exit_4_with_file_and_line() {
    let (code, stdout, stderr) = run(&[
        "impact",
        BASE,
        REVISION,
        "--mappings",
        "tests/fixtures/impact/malformed.yaml",
    ]);
    assert_eq!(code, 4, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("tests/fixtures/impact/malformed.yaml:4:"),
        "{stderr}"
    );
    // A missing key and an unknown key are errors too.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "mappings:\n  - field: Customer.id\n    theirs: x\n").unwrap();
    let (code, _, stderr) = run(&[
        "impact",
        BASE,
        REVISION,
        "--mappings",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 4, "{stderr}");
    assert!(stderr.contains("bad.yaml:"), "{stderr}");
    let (code, _, stderr) = run(&[
        "impact",
        BASE,
        REVISION,
        "--mappings",
        "tests/fixtures/impact/nope.yaml",
    ]);
    assert_eq!(code, 4, "{stderr}");
}

#[test]
fn adyen_checkout_v67_to_v68_store_payment_method() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real/adyen-checkout");
    if !dir.exists() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let (b, r) = (dir.join("01-v67.json"), dir.join("02-v68.json"));
    let j = json(&[
        "impact",
        b.to_str().unwrap(),
        r.to_str().unwrap(),
        "--mappings",
        "tests/fixtures/impact/adyen-mappings.yaml",
        "--format",
        "json",
        "--as-of",
        "2026-11-28",
    ]);
    // v68 replaces `storePaymentMethod` by `storePaymentMethodMode` on payment links.
    let m = mapping(&j, "PaymentLinkRequest.storePaymentMethod");
    let status = m["status"].as_str().unwrap();
    assert!(status == "broken" || status == "renamed", "{m:#}");
    if status == "renamed" {
        assert_eq!(m["new_field"], "PaymentLinkRequest.storePaymentMethodMode");
    }
    assert!(
        m["operations"].as_array().unwrap().contains(&Value::from(
            "POST /paymentLinks request.storePaymentMethod"
        )),
        "{m:#}"
    );
    assert!(
        m["migration"]
            .as_str()
            .unwrap()
            .contains("shop.links.save_card")
    );
    assert!(!m["findings"].as_array().unwrap().is_empty());
    assert_eq!(
        mapping(&j, "PaymentRequest.amount.value")["status"],
        "unaffected"
    );
    // The response side is its own field, with its own operations.
    let resp = field(&j, "PaymentLinkResponse.storePaymentMethod");
    let ops = operations(resp);
    assert!(
        ops.contains(&"GET /paymentLinks/{linkId} response".to_string()),
        "{ops:?}"
    );
    assert!(
        ops.contains(&"POST /paymentLinks response".to_string()),
        "{ops:?}"
    );
}
