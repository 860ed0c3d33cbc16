import streamlit as st
st.title("volunteers")
st.info("W przygotowaniu.")
