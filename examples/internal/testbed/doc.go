// Package testbed gives the examples a veth pair between two private
// network namespaces, made with ip(8) and deleted on Close or on an
// interrupt.
package testbed
