// Package nettest holds the networking link tests: netfilter, tcx, xdp,
// sk_lookup and flow_dissector links made with cgo.LinkCreate in private
// network namespaces, checked through link info and by seeing them run.
package nettest
