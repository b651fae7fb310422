// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title A contract wallet for tests: it pays ETH as an internal transfer, which leaves no log
contract TestPayer {
    receive() external payable {}

    /// @notice Pays with Solidity's transfer, which forwards only the 2300-gas stipend.
    function payWithStipend(address payable to, uint256 value) external {
        to.transfer(value);
    }

    /// @notice Pays with a plain call forwarding all gas.
    function pay(address payable to, uint256 value) external {
        (bool ok, ) = to.call{value: value}("");
        require(ok, "payment failed");
    }

    /// @notice Pays and then reverts, so the transaction fails with status 0 and nothing may be credited.
    function payAndRevert(address payable to, uint256 value) external {
        (bool ok, ) = to.call{value: value}("");
        require(ok, "payment failed");
        revert("reverted on purpose");
    }
}
