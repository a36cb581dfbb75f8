"""Seed inputs and invariants shared by the fuzz drivers (the example records
of the provider spec, Claude Code and Codex)."""
import numpy as np

SEEDS = [
    # git branches: a prompt's own, then an assistant record's after a prompt without one; a spawn result
    b'{"type":"user","timestamp":"2026-03-02T09:14:05.120Z","gitBranch":"main","message":{"role":"user",'
    b'"content":"that\'s not what I meant"}}\n'
    b'{"type":"assistant","timestamp":"2026-03-02T09:14:09.884Z","gitBranch":"feat/x","message":{"id":"m1",'
    b'"model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":1,"output_tokens":2}}}\n'
    b'{"type":"user","timestamp":"2026-03-02T09:15:05.120Z","message":{"role":"user","content":"you forgot it"}}\n'
    b'{"type":"assistant","timestamp":"2026-03-02T09:15:09.884Z","gitBranch":"dev","message":{"id":"m2",'
    b'"model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"t1","name":"Task","input":{}}],'
    b'"usage":{"input_tokens":1,"output_tokens":2}}}\n'
    # a subagent spawn's result, naming the agent
    b'{"type":"user","timestamp":"2026-03-02T09:15:30.000Z","message":{"role":"user","content":[{"type":"tool_result",'
    b'"tool_use_id":"t1","content":"done"}]},"toolUseResult":{"status":"completed","agentId":"ab12"}}\n',
    b'{"type":"user","timestamp":"2026-03-02T09:14:05.120Z","cwd":"/w","sessionId":"s","message":{"role":"user",'
    b'"content":"fix the failing cart total test"}}\n'
    b'{"type":"assistant","timestamp":"2026-03-02T09:14:09.884Z","message":{"id":"msg_1","model":"claude-sonnet-4-5",'
    b'"content":[{"type":"tool_use","id":"t","name":"Bash","input":{"command":"npm test && git status"}},'
    b'{"type":"tool_use","id":"u","name":"Edit","input":{"file_path":"/w/a.ts"}}],'
    b'"usage":{"input_tokens":12,"output_tokens":188,"cache_creation_input_tokens":5400,'
    b'"cache_creation":{"ephemeral_5m_input_tokens":5400,"ephemeral_1h_input_tokens":0},"cache_read_input_tokens":1}}}\n',
    b'{"timestamp":"2026-04-14T10:00:00.000Z","type":"session_meta","payload":{"id":"a","session_id":"a",'
    b'"cwd":"/w","model":"gpt-5.3-codex","forked_from_id":"p"}}\n'
    b'{"timestamp":"2026-04-14T10:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user",'
    b'"content":[{"type":"input_text","text":"add pagination"}]}}\n'
    b'{"timestamp":"2026-04-14T10:00:05.000Z","type":"response_item","payload":{"type":"function_call",'
    b'"name":"exec_command","arguments":"{\\"cmd\\":\\"cat ~/.codex/skills/pdf/SKILL.md\\"}","call_id":"c"}}\n'
    b'{"timestamp":"2026-04-14T10:00:12.300Z","type":"event_msg","payload":{"type":"patch_apply_end",'
    b'"changes":{"/w/a.ts":{"type":"update"}}}}\n'
    b'{"timestamp":"2026-04-14T10:00:16.000Z","type":"event_msg","payload":{"type":"item_completed","item":'
    b'{"type":"CommandExecution","command":["mcp-cli","call","gh","issue"]}}}\n'
    b'{"timestamp":"2026-04-14T10:00:18.500Z","type":"event_msg","payload":{"type":"token_count","info":'
    b'{"total_token_usage":{"input_tokens":21500,"cached_input_tokens":16000,"output_tokens":910,'
    b'"reasoning_output_tokens":512,"total_tokens":22410},"last_token_usage":{"input_tokens":11700,'
    b'"cached_input_tokens":9600,"cache_write_input_tokens":5,"output_tokens":490,"total_tokens":12190}}}}\n'
    b'{"timestamp":"2026-04-14T10:00:18.600Z","type":"event_msg","payload":{"type":"token_count","info":null}}\n',
    # Shapes the two above lack (seen missing in a coverage build): advisor
    # iterations, server tool use, skill and subagent tools, text blocks
    # with multi-byte characters, a streamed duplicate.
    b'{"type":"user","timestamp":"2026-03-02T10:00:00Z","cwd":"/w","message":{"role":"user","content":['
    b'{"type":"text","text":"r\u00e9sum\u00e9 \ud83d\ude80 the plan"},{"type":"text","text":"and review it"}]}}\n'
    b'{"type":"assistant","timestamp":"2026-03-02T10:00:01Z","message":{"id":"msg_2","model":"claude-opus-4-7",'
    b'"content":[],"usage":{"input_tokens":3,"output_tokens":4}}}\n'
    b'{"type":"assistant","timestamp":"2026-03-02T10:00:02Z","message":{"id":"msg_2","model":"claude-opus-4-7",'
    b'"content":[{"type":"tool_use","id":"s","name":"Skill","input":{"skill":"review"}},'
    b'{"type":"tool_use","id":"a","name":"Task","input":{"subagent_type":"Explore","prompt":"look"}}],"usage":{"input_tokens":3,"output_tokens":9,"speed":"fast","server_tool_use":'
    b'{"web_search_requests":2},"iterations":[{"type":"message","input_tokens":3},{"type":"advisor_message",'
    b'"model":"claude-opus-4-6","input_tokens":90,"output_tokens":7,"speed":"standard"}]}}}\n',
    # What optimize reads: versions, an sdk prompt, a long opener naming slash
    # commands, a deferred-tool inventory, a file path, a streamed copy.
    b'{"type":"user","version":"2.1.130","promptSource":"sdk","isSidechain":true,"timestamp":"2026-03-03T10:00:00Z",'
    b'"cwd":"/w","message":{"role":"user","content":"' + b'x' * 1600 + b' /ship <command-name>lint</command-name>"}}\n'
    b'{"type":"attachment","timestamp":"2026-03-03T10:00:00.500Z","attachment":{"type":"deferred_tools_delta",'
    b'"addedNames":["Bash","mcp__gh__get","mcp__x","mcp__gh__",7]}}\n'
    b'{"type":"assistant","version":"2.1.130","timestamp":"2026-03-03T10:00:01Z","message":{"id":"msg_3",'
    b'"model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":3,"output_tokens":1,'
    b'"cache_creation_input_tokens":900}}}\n'
    b'{"type":"assistant","version":"2.1.131","timestamp":"2026-03-03T10:00:02Z","message":{"id":"msg_3",'
    b'"model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"r","name":"Read","input":'
    b'{"file_path":"/w/node_modules/x.js"}}],"usage":{"input_tokens":3,"output_tokens":5,'
    b'"cache_creation_input_tokens":900}}}\n',
    # Codex: a turn_context model, two input_text blocks, multi-byte output,
    # a file_path argument, an MCP call, a running total that goes down.
    b'{"timestamp":"2026-04-15T09:00:00.000Z","type":"session_meta","payload":{"id":"b","cwd":"/w"}}\n'
    b'{"timestamp":"2026-04-15T09:00:00.500Z","type":"turn_context","payload":{"model":"gpt-5"}}\n'
    b'{"timestamp":"2026-04-15T09:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user",'
    b'"content":[{"type":"input_text","text":"caf\u00e9 \ud83d\ude80"},{"type":"input_text","text":"fix it"}]}}\n'
    b'{"timestamp":"2026-04-15T09:00:02.000Z","type":"response_item","payload":{"type":"function_call",'
    b'"name":"read_file","arguments":"{\\"file_path\\":\\"/w/a.ts\\"}","call_id":"d"}}\n'
    b'{"timestamp":"2026-04-15T09:00:03.000Z","type":"event_msg","payload":{"type":"mcp_tool_call_end",'
    b'"invocation":{"server":"github","tool":"get_issue"}}}\n'
    b'{"timestamp":"2026-04-15T09:00:04.000Z","type":"response_item","payload":{"type":"message","role":"assistant",'
    b'"content":[{"type":"output_text","text":"na\u00efve \u2713"}]}}\n'
    b'{"timestamp":"2026-04-15T09:00:05.000Z","type":"event_msg","payload":{"type":"token_count","info":'
    b'{"total_token_usage":{"input_tokens":500,"cached_input_tokens":100,"output_tokens":90,"total_tokens":590}}}}\n'
    b'{"timestamp":"2026-04-15T09:00:06.000Z","type":"event_msg","payload":{"type":"token_count","info":'
    b'{"total_token_usage":{"input_tokens":600,"cached_input_tokens":100,"output_tokens":80,"total_tokens":680}}}}\n',
]


def check(cols: dict) -> None:
    calls = cols["ts"].size
    assert cols["turn"].size == calls and (cols["turn"] < max(cols["turn_file"].size, 1)).all()
    assert (cols["tool_call"] < max(calls, 1)).all() and (cols["shell_call"] < max(calls, 1)).all()
    for k in ("input", "output", "cache_read", "cache_write", "cache_1h", "web_search"):
        assert (cols[k] >= 0).all(), k
    # optimize's columns line up with their rows
    tools, texts = cols["tool_call"].size, cols["ut_file"].size
    # (call_lines: the call's own records writing its cache_creation_input_tokens, 0 when none does)
    assert cols["call_version"].size == calls and cols["call_lines"].size == calls and (cols["call_lines"] >= 0).all()
    extra_tools, extra_writes = cols["xt_file"].size, cols["xw_file"].size
    assert all(cols[k].size == extra_tools for k in ("xt_name", "xt_path", "xt_readonly", "xt_skill", "xt_sub",
                                                     "xt_ts"))
    assert ((cols["xt_call"] >= 0) & (cols["xt_call"] < max(calls, 1))).all()  # call rows, a list of their own
    assert all(cols[k].size == extra_writes for k in ("xw_cw", "xw_lines", "xw_ts", "xw_version"))
    assert (cols["xw_cw"] >= 0).all() and (cols["xw_lines"] >= 0).all()
    assert cols["tool_path"].size == tools and cols["tool_skill"].size == tools and cols["tool_readonly"].size == tools
    assert all(cols[k].size == texts for k in ("ut_ts", "ut_len", "ut_marks", "ut_hash")) and (cols["ut_len"] >= 0).all()
    assert cols["cmd_name"].size == cols["cmd_text"].size and (cols["cmd_text"] < max(texts, 1)).all()
    assert cols["inv_name"].size == cols["inv_file"].size
    # sparse per-turn facts: turns without a prompt, user-correction candidates, branch changes
    turns = cols["turn_file"].size
    for k in ("unprompted_turn", "ucorr_turn", "branch_turn"):
        assert ((cols[k] >= 0) & (cols[k] < max(turns, 1))).all() and (cols[k][1:] > cols[k][:-1]).all(), k
    assert cols["branch_id"].size == cols["branch_turn"].size and (cols["branch_id"] >= 0).all()
    assert not np.isin(cols["ucorr_turn"], cols["unprompted_turn"]).any()
    if "ucorr_len" in cols:  # (before confirm_user)
        assert cols["ucorr_len"].size == cols["ucorr_turn"].size and (cols["ucorr_len"] >= 0).all()
