# SPDX-License-Identifier: GPL-2.0
# bash completion for inictl(8)

_inictl_netdevs()
{
	local d
	for d in /sys/class/net/*; do
		[ -e "$d/device/driver" ] && [ "$(basename "$(readlink -f "$d/device/driver")")" = inic ] &&
			echo "${d##*/}"
	done
}

_inictl_buses()
{
	local d
	for d in /sys/bus/pci/drivers/inic/0*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}

_inictl()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else	# without the bash-completion package
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi

	local i obj= verb= op= opts="-j -p -h -V"
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-i | -c) ((i++)) ;;
		-*) ;;
		*)
			if [ -z "$obj" ]; then
				obj=${words[i]}
			elif [ -z "$verb" ]; then
				verb=${words[i]}
			elif [ -z "$op" ]; then
				op=${words[i]}	# toe listen add|del
			fi
			;;
		esac
	done

	case $prev in
	-i | -c)
		return ;;
	esac
	# A keyword's value (not the object "dev" or "vf" itself).
	[ -n "$verb" ] && case $prev in
	dev)
		COMPREPLY=($(compgen -W "$(_inictl_netdevs) $(_inictl_buses)" -- "$cur"))
		return ;;
	ring | mtu | vf | mac | port | addr | vlan | rings | maxbw | name)
		return ;;
	family)
		COMPREPLY=($(compgen -W "inet inet6" -- "$cur"))
		return ;;
	mirror)
		COMPREPLY=($(compgen -W "$(inictl -j vnic show 2>/dev/null |
			sed -n 's/"name":"\([^"]*\)"/\n\1\n/gp' | grep -v '[{},:]') vf $(_inictl_netdevs)" -- "$cur"))
		return ;;
	lag)
		COMPREPLY=($(compgen -W "follow pin" -- "$cur"))
		return ;;
	esac

	if [[ $cur == -* ]]; then
		case $obj in
		s* | r* | t*) opts="$opts -w -i -c" ;;
		m*) opts="$opts -c" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	if [ -z "$obj" ]; then
		COMPREPLY=($(compgen -W "dev port stats vf vnic rule lag toe monitor help" -- "$cur"))
		return
	fi
	if [ -z "$verb" ]; then
		case $obj in
		d*) COMPREPLY=($(compgen -W "show help" -- "$cur")) ;;
		p*) COMPREPLY=($(compgen -W "show set help" -- "$cur")) ;;
		s*) COMPREPLY=($(compgen -W "show help" -- "$cur")) ;;
		vn*) COMPREPLY=($(compgen -W "show add del set help" -- "$cur")) ;;
		v*) COMPREPLY=($(compgen -W "show set help" -- "$cur")) ;;
		l*) COMPREPLY=($(compgen -W "show help" -- "$cur")) ;;
		t*) COMPREPLY=($(compgen -W "show listen help" -- "$cur")) ;;
		r*) COMPREPLY=($(compgen -W "show help" -- "$cur")) ;;
		m*) COMPREPLY=($(compgen -W "help" -- "$cur")) ;;
		esac
		return
	fi
	case $obj/$verb in
	t*/l*)
		if [ "$op" = "$cur" ] || [ -z "$op" ]; then
			COMPREPLY=($(compgen -W "add del" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "dev port addr family" -- "$cur"))
		fi ;;
	p*/se*) COMPREPLY=($(compgen -W "dev mac mtu" -- "$cur")) ;;
	s*/*) COMPREPLY=($(compgen -W "dev ring" -- "$cur")) ;;
	vn*/a*) COMPREPLY=($(compgen -W "dev name mac vlan rings maxbw mirror" -- "$cur")) ;;
	vn*/se*) COMPREPLY=($(compgen -W "dev name maxbw" -- "$cur")) ;;
	vn*/*) COMPREPLY=($(compgen -W "dev name" -- "$cur")) ;;
	v*/se*) COMPREPLY=($(compgen -W "dev vf lag" -- "$cur")) ;;
	v*/*) COMPREPLY=($(compgen -W "dev vf" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -W "dev" -- "$cur")) ;;
	esac
} &&
	complete -F _inictl inictl
