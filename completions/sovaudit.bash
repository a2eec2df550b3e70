# bash completion for sovaudit(1)                                    -*- shell-script -*-
#
# Installed as share/bash-completion/completions/sovaudit, where bash-completion loads it on
# first use; or source it from ~/.bashrc. Needs nothing but bash itself.
#
# Completes the commands, each command's long options, the values of options that take a fixed
# set (formats per command, severities, --device, --color, ...), file names for options that
# take a file, files and directories for positional paths, rule ids for `explain` (asked of
# `sovaudit rules --format json`; nothing when no sovaudit binary can be run) and the catalogue
# names for `catalog`.
#
# The option lists below are checked against `sovaudit CMD --help` by tests/completion_test.cc:
# a new option must be added here, or the test fails.

_sovaudit_commands="audit validate rules explain diff verify sign digest import graph catalog"
_sovaudit_commands+=" attestation verify-plan"

# Options accepted before or after the command.
_sovaudit_global_options="--config --no-config"

# The network options of every command that reads inputs (they may be https:// URLs).
_sovaudit_net_options="--offline --allow-unpinned --trust-key --cache-dir --ca-bundle"
_sovaudit_net_options+=" --connect-timeout --timeout --retries --max-download"

# The long options a command offers (besides the global ones). The reference tool's spellings
# (--public_key, ...) are accepted when completing values but not offered.
_sovaudit_options() {
  case $1 in
    audit)
      echo "--help --format --output --require-layer --target-layer --fail-on-overclaim" \
           "--fail-on --as-of --no-verify --device --trust-config --rules --waivers" \
           "--allow-outside --color --evidence --evidence-key --evidence-max-age" \
           "--min-evidence --plan-verification --attest --baseline --title --details" \
           "--signing-certificate --certificate-chain --attestation $_sovaudit_net_options" ;;
    validate) echo "--help --allow-outside $_sovaudit_net_options" ;;
    rules) echo "--help --rules --format $_sovaudit_net_options" ;;
    explain) echo "--help --rules $_sovaudit_net_options" ;;
    diff) echo "--help --format --output --fail-on-regression --color $_sovaudit_net_options" ;;
    verify)
      echo "--help --signature --public-key --certificate-chain --identity" \
           "--identity-provider --trust-config --ignore-paths --ignore-unsigned-files" \
           "--allow-symlinks --threads --device --cert-time --attest --attestation" \
           "--resource-uri --verbose --quiet $_sovaudit_net_options" ;;
    sign)
      echo "--help --private-key --signing-certificate --certificate-chain --signature" \
           "--method --shard-size --ignore-paths --allow-symlinks --threads --device" \
           "--verbose --quiet" ;;
    digest)
      echo "--help --method --shard-size --ignore-paths --allow-symlinks --threads --device" \
           "--attest --attestation --resource-uri --expect --verbose --quiet" ;;
    import) echo "--help --from --output --id $_sovaudit_net_options" ;;
    graph) echo "--help --format --output --allow-outside $_sovaudit_net_options" ;;
    catalog) echo "--help --format" ;;
    attestation) echo "--help" ;;
    verify-plan) echo "--help --attestation-dir --attest --shard --base --device" ;;
    "attestation verify")
      echo "--help --public-key --certificate-chain --report --input" ;;
    "") echo "--help --version" ;;
  esac
}

# The options of a command that take a value (short forms and reference spellings included),
# so that the word after one is completed as its value, not as a command or a positional.
_sovaudit_takes_value() {
  case $1 in
    --config) return 0 ;;
  esac
  case $2 in
    audit | validate | rules | explain | diff | verify | import | graph)
      case $1 in
        --trust-key | --cache-dir | --ca-bundle | --connect-timeout | --timeout | --retries | \
          --max-download) return 0 ;;
      esac ;;
  esac
  case $2 in
    audit)
      case $1 in
        --format | -f | --output | -o | --require-layer | --target-layer | --fail-on | \
          --as-of | --device | --trust-config | --trust_config | --rules | --waivers | \
          --color | --evidence | --evidence-key | --evidence-max-age | --attest | --min-evidence | \
          --plan-verification | --baseline | --title | --details | \
          --signing-certificate | --certificate-chain | --attestation) return 0 ;;
      esac ;;
    rules) case $1 in --rules | --format | -f) return 0 ;; esac ;;
    explain) case $1 in --rules) return 0 ;; esac ;;
    diff) case $1 in --format | -f | --output | -o | --color) return 0 ;; esac ;;
    verify | sign | digest)
      case $1 in
        --signature | --public-key | --public_key | --certificate-chain | \
          --certificate_chain | --private-key | --private_key | --signing-certificate | \
          --signing_certificate | --ignore-paths | --threads | --device | --cert-time | \
          --method | --shard-size | --identity | --identity-provider | --identity_provider | \
          --trust-config | --trust_config | --attest | --attestation | --resource-uri | \
          --expect) return 0 ;;
      esac ;;
    attestation)
      case $1 in --public-key | --certificate-chain | --report | --input) return 0 ;; esac ;;
    verify-plan)
      case $1 in --attestation-dir | --attest | --shard | --base | --device) return 0 ;; esac ;;
    import) case $1 in --from | --output | -o | --id) return 0 ;; esac ;;
    graph) case $1 in --format | -f | --output | -o) return 0 ;; esac ;;
    catalog) case $1 in --format | -f) return 0 ;; esac ;;
  esac
  return 1
}

# Adds the words of $1 that start with $2 to COMPREPLY.
_sovaudit_words() {
  local w
  while IFS= read -r w; do
    [[ -n $w ]] && COMPREPLY+=("${3-}$w")
  done < <(compgen -W "$1" -- "$2")
}

# Adds files and directories starting with $1 to COMPREPLY; with $2 (e.g. "yaml yml"), only
# files with one of those extensions (directories always, to descend into).
_sovaudit_files() {
  local cur=$1 exts=${2-} line ext
  if type compopt &>/dev/null; then compopt -o filenames 2>/dev/null; fi
  if [[ -z $exts ]]; then
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
    return
  fi
  while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -d -- "$cur")
  for ext in $exts; do
    while IFS= read -r line; do
      [[ -d $line ]] || COMPREPLY+=("$line")
    done < <(compgen -f -X "!*.$ext" -- "$cur")
  done
  # Nothing with that extension: any file will do (reports need not be named *.json).
  if ((${#COMPREPLY[@]} == 0)); then
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
  fi
}

# The ids of every rule, built-in and from the packs named by --rules on the command line,
# from `sovaudit rules --format json`. $1 is the sovaudit to run (the command being completed
# when it is a path, else the one on PATH); silently nothing when it cannot be run.
_sovaudit_rule_ids() {
  local bin=$1
  shift
  [[ $bin == */* && -x $bin ]] || bin=$(type -P sovaudit 2>/dev/null) || return 0
  [[ -n $bin ]] || return 0
  "$bin" rules --format json "$@" 2>/dev/null |
    sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([^"]*\)".*/\1/p'
}

# Completes the value of option $1 of command $2, the word being $3; $4 is put before every
# candidate (for --opt=value words).
_sovaudit_value() {
  local opt=$1 cmd=$2 cur=$3 pre=${4-}
  case $opt in
    --format | -f)
      case $cmd in
        audit) _sovaudit_words "text json sarif junit markdown html" "$cur" "$pre" ;;
        diff) _sovaudit_words "text json markdown" "$cur" "$pre" ;;
        rules) _sovaudit_words "text json" "$cur" "$pre" ;;
        graph) _sovaudit_words "dot json" "$cur" "$pre" ;;
        catalog) _sovaudit_words "text json" "$cur" "$pre" ;;
      esac ;;
    --fail-on) _sovaudit_words "critical high medium low info" "$cur" "$pre" ;;
    --min-evidence) _sovaudit_words "declared documented attested verified" "$cur" "$pre" ;;
    --details) _sovaudit_words "summary full" "$cur" "$pre" ;;
    --require-layer) _sovaudit_words "0 1 2 3 4 5" "$cur" "$pre" ;;
    --target-layer) _sovaudit_words "1 2 3 4 5" "$cur" "$pre" ;;
    --device) _sovaudit_words "auto cpu gpu" "$cur" "$pre" ;;
    --color) _sovaudit_words "auto always never" "$cur" "$pre" ;;
    --method) _sovaudit_words "files shards" "$cur" "$pre" ;;
    --from) _sovaudit_words "auto hf-card cyclonedx spdx gguf safetensors" "$cur" "$pre" ;;
    --cert-time) _sovaudit_words "leaf now" "$cur" "$pre" ;;
    --as-of) _sovaudit_words "$(date -u +%F 2>/dev/null)" "$cur" "$pre" ;;
    --config | --rules | --waivers) [[ -n $pre ]] || _sovaudit_files "$cur" "yaml yml" ;;
    --cache-dir | --attestation-dir | --base)
      if [[ -z $pre ]]; then
        local dir
        while IFS= read -r dir; do COMPREPLY+=("$dir"); done < <(compgen -d -- "$cur")
      fi ;;
    --output | -o | --signature | --public-key | --public_key | --certificate-chain | \
      --certificate_chain | --private-key | --private_key | --signing-certificate | \
      --signing_certificate | --ignore-paths | --trust-key | --ca-bundle | --trust-config | \
      --trust_config | --evidence | --evidence-key | --attest | --attestation | --report | \
      --input | --plan-verification | --baseline)
      [[ -n $pre ]] || _sovaudit_files "$cur" ;;
    *) ;;  # N, ID: free text
  esac
}

_sovaudit() {
  COMPREPLY=()
  local cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]-}
  local -a words=("${COMP_WORDS[@]:0:cword}")
  local n=${#words[@]} last="" before=""
  ((n >= 1)) && last=${words[n - 1]}
  ((n >= 2)) && before=${words[n - 2]}

  # --opt=value: split by readline ("--opt" "=" "val", as '=' is in COMP_WORDBREAKS), or whole.
  local opt="" pre=""
  if [[ $cur == "=" && $last == -* ]]; then
    opt=$last cur=""
  elif [[ $last == "=" && $before == -* ]]; then
    opt=$before
  elif [[ $cur == --*=* ]]; then
    opt=${cur%%=*} pre=${opt}= cur=${cur#*=}
  fi

  # The command, and the --rules packs given (for explain's rule ids).
  local cmd="" i w ddash="" nargs=0
  local -a packs=()
  for ((i = 1; i < n; i++)); do
    w=${words[i]}
    if [[ -n $ddash ]]; then
      nargs=$((nargs + 1))
      continue
    fi
    case $w in
      --) [[ -n $cmd ]] && ddash=1 ;;
      =) ;;
      --*=*)
        [[ ${w%%=*} == --rules ]] && packs+=(--rules "${w#*=}") ;;
      -*)
        if _sovaudit_takes_value "$w" "$cmd" && ((i + 1 < n)); then
          i=$((i + 1))
          [[ ${words[i]} == "=" ]] && ((i + 1 < n)) && i=$((i + 1))
          [[ $w == --rules ]] && packs+=(--rules "${words[i]}")
        fi ;;
      *)
        if [[ -z $cmd ]]; then cmd=$w; else nargs=$((nargs + 1)); fi ;;
    esac
  done

  # The value of an option.
  if [[ -z $opt && -z $ddash ]] && _sovaudit_takes_value "$last" "$cmd"; then
    opt=$last
  fi
  if [[ -n $opt ]]; then
    _sovaudit_value "$opt" "$cmd" "$cur" "$pre"
    return 0
  fi

  # An option name.
  if [[ $cur == -* && -z $ddash ]]; then
    local of=$cmd
    [[ $cmd == attestation ]] && ((nargs >= 1)) && of="attestation verify"
    _sovaudit_words "$(_sovaudit_options "$of") $_sovaudit_global_options" "$cur"
    return 0
  fi

  # A command, or a positional argument.
  case $cmd in
    "") _sovaudit_words "$_sovaudit_commands" "$cur" ;;
    audit | validate | verify | sign | digest | graph | import) _sovaudit_files "$cur" ;;
    diff) ((nargs < 2)) && _sovaudit_files "$cur" "json" ;;
    explain)
      if ((nargs == 0)); then
        _sovaudit_words "$(_sovaudit_rule_ids "${COMP_WORDS[0]}" "${packs[@]}")" "$cur"
      fi ;;
    catalog)
      ((nargs == 0)) && _sovaudit_words "licences models regions jurisdictions" "$cur" ;;
    verify-plan) ((nargs == 0)) && _sovaudit_files "$cur" ;;
    attestation)
      if ((nargs == 0)); then _sovaudit_words "verify" "$cur"; else _sovaudit_files "$cur"; fi ;;
    rules) ;;
  esac
  return 0
}

complete -F _sovaudit sovaudit

# ex: filetype=sh
