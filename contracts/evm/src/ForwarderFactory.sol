// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Forwarder} from "./Forwarder.sol";

/// @title One factory per chain for every AlatauPay department
/// @notice An invoice's deposit address is the CREATE2 address of a clone whose salt commits to the invoice
/// and to the department's treasury, so the address is known before anything is deployed and a clone at that
/// address can only ever be bound to that treasury.
/// @dev The clone is EIP-1167's minimal proxy behind a six-byte guard: a call without calldata (a plain ETH
/// transfer) stops at once and keeps the value, so it costs 15 gas and fits the 2300-gas stipend of Solidity's
/// transfer and send, which a delegatecall to a cold implementation (2600 gas since EIP-2929) does not.
contract ForwarderFactory {
    /// @notice The forwarder code every clone delegates to.
    Forwarder public immutable implementation;

    event ForwarderDeployed(bytes32 indexed invoiceKey, address indexed treasury, address forwarder);

    error TreasuryZero();

    constructor() {
        implementation = new Forwarder();
    }

    /// @notice The salt of an invoice's forwarder: keccak256(invoiceKey, treasury).
    function saltOf(bytes32 invoiceKey, address treasury) public pure returns (bytes32) {
        return keccak256(abi.encode(invoiceKey, treasury));
    }

    /// @notice The creation code of every clone; its keccak256 is the CREATE2 init code hash.
    function cloneInitCode() public view returns (bytes memory) {
        return abi.encodePacked(
            hex"3d603380600a3d3981f3",
            hex"36600557005b",
            hex"363d3d373d3d3d363d73",
            address(implementation),
            hex"5af43d82803e903d91603157fd5bf3"
        );
    }

    function cloneInitCodeHash() public view returns (bytes32) {
        return keccak256(cloneInitCode());
    }

    /// @notice The address of an invoice's forwarder, deployed or not.
    function computeAddress(bytes32 invoiceKey, address treasury) public view returns (address) {
        bytes32 digest = keccak256(
            abi.encodePacked(bytes1(0xff), address(this), saltOf(invoiceKey, treasury), cloneInitCodeHash())
        );
        return address(uint160(uint256(digest)));
    }

    /// @notice Deploys an invoice's forwarder if it is not there yet; returns its address either way.
    function deploy(bytes32 invoiceKey, address treasury) public returns (address forwarder) {
        if (treasury == address(0)) revert TreasuryZero();
        forwarder = computeAddress(invoiceKey, treasury);
        if (forwarder.code.length != 0) return forwarder;
        bytes memory code = cloneInitCode();
        bytes32 salt = saltOf(invoiceKey, treasury);
        address created;
        assembly {
            created := create2(0, add(code, 0x20), mload(code), salt)
        }
        require(created == forwarder, "create2 failed");
        Forwarder(payable(created)).bind(treasury);
        emit ForwarderDeployed(invoiceKey, treasury, created);
    }

    /// @notice Deploys an invoice's forwarder when needed and sends its ETH and the given tokens to the treasury.
    function deployAndFlush(bytes32 invoiceKey, address treasury, address[] calldata tokens) external {
        Forwarder(payable(deploy(invoiceKey, treasury))).flush(tokens);
    }
}
