//! LLM106 `llm-extracts-ids`: the prompt asks the model to extract an ID of a stated shape (order, invoice, tracking number, UUID).
//!
//! The rule's documentation is [`RULE`]`.doc` (printed by `llmlint rule LLM106`).

use crate::classify::lexicon::re;
use crate::classify::{Candidate, PromptFacts, detect, params};
use crate::model::Task;
use crate::registry::RuleInfo;
use llmlint_rewrite::Pattern;
use regex::Regex;
use std::sync::LazyLock;

pub const RULE: RuleInfo = RuleInfo {
    code: "LLM106",
    name: "llm-extracts-ids",
    summary: "the prompt asks the model to extract an ID of a stated shape (order, invoice, tracking number, UUID)",
    doc: DOC,
    task: Some(Task::Regex),
    subtype: Some("extract-ids"),
    default_enabled: true,
};

const DOC: &str = r##"## What it does
Checks for LLM calls whose prompt asks the model to pull an identifier of a stated shape (an order number like `ORD-123456`, an invoice number in `INV-YYYY-NNNN` form, a 22-digit tracking number, a UUID) out of a piece of text.

## Why is this bad?
When the prompt itself states the shape of the ID, a regular expression built from that shape finds it exactly; the model can return a near miss, a reformatted ID or one it made up. A model call also costs money and latency on every input, and its answer can change from one run to the next.

## Example
```python
resp = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": f"Find the order number in this customer message. Order numbers look like ORD-123456. Reply with the order number only, or NONE.\n\n{message}"}],
)
answer = resp.choices[0].message.content
```

## Use instead
```python
ORDER_ID = re.compile(r"\bORD-\d{6}\b")
m = ORDER_ID.search(message)
order_id = m.group(0) if m else None
```

```rust
let order_id = ORDER_ID_RE.find(message).map(|m| m.as_str().to_string());
```

## Fix safety
The regex is built from the shape the prompt states; IDs written differently (lower case, spaces inside) are no longer found. The replacement returns what the pattern matches, where the model could also normalise or skip matches, so behaviour changes on odd inputs. It is offered as an unsafe fix (`--unsafe-fixes`) when the call-and-read shape is recognised and the answer is used as a string or list; display-only otherwise.
"##;

static NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:order|invoice|tracking|reference|ref|booking|confirmation|ticket|case|account|transaction|shipment|serial|policy|claim|member|employee|parcel|reservation|sku|part|product)\s+(?:numbers?|nos?\b|ids?|codes?|#)|\b(?:order|booking|payment|transaction|shipment|confirmation|reservation|customer)\s+(?:references?|refs?)\b|\b(?:uuids?|guids?)\b|\b(?:n[uú]mero|num[ée]ro)s?\s+de\s+(?:pedido|commande|factura|facture|seguimiento|suivi|orden)\b|\b(?:bestellnummer|rechnungsnummer|sendungsnummer|auftragsnummer|trackingnummer)\w*|订单号|发票号|运单号|快递单号|注文番号|請求書番号|追跡番号|\b(?:(?:credit|debit|payment|bank)\s+)?card\s+numbers?\b|\bn[uú]meros?\s+de\s+(?:la\s+)?tarjeta\b|\bnum[ée]ros?\s+de\s+(?:la\s+)?carte\b|\b(?:kredit)?kartennummer\w*|卡号|カード番号|카드\s*번호)",
    )
});
static UUID: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:uuids?|guids?)\b"));
/// A payment card number: its shape is fixed (ISO/IEC 7812, 13 to 19 digits, grouped by
/// spaces or dashes), so the prompt need not state it.
static CARD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:credit|debit|payment|bank)\s+)?card\s+numbers?\b|\bn[uú]meros?\s+de\s+(?:la\s+)?tarjeta\b|\bnum[ée]ros?\s+de\s+(?:la\s+)?carte\b|\bkartennummer\w*|\bkreditkartennummer\w*|卡号|カード番号|카드\s*번호",
    )
});

/// The subtype detector: an ID noun as the object of an extraction, and a stated shape.
pub fn detect(f: &PromptFacts) -> Option<Candidate> {
    let mut hit = detect::extraction(f, &NOUN, "an identifier")?;
    let pattern = if UUID.is_match(&hit.sentence) {
        Pattern::Uuid
    } else if CARD.is_match(&hit.sentence) {
        hit.add("a card number has a fixed shape (13 to 19 digits)", 0.05);
        Pattern::Id {
            description: "a payment card number (13 to 19 digits, spaces or dashes between groups)"
                .into(),
            regex: r"\b\d(?:[ -]?\d){12,18}\b".into(),
        }
    } else {
        let (description, regex) = params::id_shape(&f.raw)?;
        hit.add(
            format!("the prompt states the ID shape ({description})"),
            0.1,
        );
        Pattern::Id { description, regex }
    };
    let spec = hit.find_spec(pattern);
    Some(hit.candidate(&RULE, spec))
}
